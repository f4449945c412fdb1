package io.seedfleet.bench;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.security.MessageDigest;
import java.util.SplittableRandom;

/**
 * The per-core SHA-1 ceiling of this machine measured without JMH: one thread hashing one 4 MiB
 * array again and again with {@link MessageDigest}, 3 s of warm-up then 5 s timed. The figure the
 * benchmarks are compared with.
 */
public final class Sha1Loop {
  private Sha1Loop() {}

  public static void main(String[] args) throws Exception {
    byte[] data = new byte[4 << 20];
    new SplittableRandom(6).nextBytes(data);
    MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
    run(sha1, data, 3_000_000_000L);
    long start = System.nanoTime();
    long bytes = run(sha1, data, 5_000_000_000L);
    double seconds = (System.nanoTime() - start) / 1e9;
    String intrinsic =
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
            .getVMOption("UseSHA1Intrinsics")
            .getValue();
    System.out.printf(
        "SHA-1 plain loop, 4 MiB array, one thread: %.0f MB/s (UseSHA1Intrinsics=%s, %s)%n",
        bytes / seconds / 1e6, intrinsic, Runtime.version());
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
