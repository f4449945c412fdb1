package io.seedfleet.bench;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.security.MessageDigest;
import java.util.SplittableRandom;

/**
 * The per-core SHA-1 ceiling of this machine measured without JMH: one thread hashing one 4 MiB
 * array again and again with {@link MessageDigest}, 3 s of warm-up then 5 s timed. It reports the
 * rate per wall-clock second and per second of the thread's own CPU time: on a shared machine the
 * second one is the per-core figure, since the time the thread waited for a core is left out.
 */
public final class Sha1Loop {
  private Sha1Loop() {}

  public static void main(String[] args) throws Exception {
    byte[] data = new byte[4 << 20];
    new SplittableRandom(6).nextBytes(data);
    MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
    run(sha1, data, 3_000_000_000L);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpuStart = threads.getCurrentThreadCpuTime();
    long start = System.nanoTime();
    long bytes = run(sha1, data, 5_000_000_000L);
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
    String intrinsic = intrinsicFlag();
    System.out.printf(
        "SHA-1 plain loop, 4 MiB array, one thread: %.0f MB/s wall, %.0f MB/s of CPU time"
            + " (UseSHA1Intrinsics=%s, JDK %s)%n",
        bytes / seconds / 1e6, bytes / cpuSeconds / 1e6, intrinsic, Runtime.version());
  }

  /** The flag's value; it is diagnostic, so readable only with -XX:+UnlockDiagnosticVMOptions. */
  private static String intrinsicFlag() {
    try {
      return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
          .getVMOption("UseSHA1Intrinsics")
          .getValue();
    } catch (IllegalArgumentException e) {
      return "unknown";
    }
  }

  private static long run(MessageDigest sha1, byte[] data, long nanos) {
    long bytes = 0;
    int sink = 0;
    long end = System.nanoTime() + nanos;
    while (System.nanoTime() < end) {
      sha1.update(data);
      sink += sha1.digest()[0];
      bytes += data.length;
    }
    if (sink == 42) {
      System.out.print("");
    }
    return bytes;
  }
}
