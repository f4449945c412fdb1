package io.seedfleet.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * {@link RecheckBenchmark}'s two benchmarks without JMH, alternated: a recheck of the 256 MiB
 * torrent, then bare SHA-1 of as many bytes on the same pool, again and again. On a machine shared
 * with other work the load changes from one minute to the next; each ratio here compares two runs a
 * fraction of a second apart, so the neighbours weigh on both alike. Rates are per second of the
 * process's CPU time (every thread of this JVM: the hash threads, GC, JIT) and per wall second.
 *
 * <p>Arguments: rounds (default 12; each of two samples of about 0.6 s) after 3 unrecorded ones; then any of {@code dir=shm|disk},
 * {@code threads=1|cores}, {@code piece=<bytes>} to narrow the grid (default: all of shm and disk,
 * 1 and cores, 1 MiB and 4 MiB).
 */
public final class RecheckRatio {
  private static final OperatingSystemMXBean OS =
      ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);

  /** Length of one sample; the 10 ms CPU clock then errs by about 2 % at most. */
  private static final long SAMPLE_NANOS = 600_000_000L;

  private RecheckRatio() {}

  public static void main(String[] args) throws Exception {
    int rounds = 12;
    List<String> dirs = List.of("shm", "disk");
    List<String> threads = List.of("1", "cores");
    List<Integer> pieces = List.of(1 << 20, 4 << 20);
    for (String arg : args) {
      if (arg.startsWith("dir=")) {
        dirs = List.of(arg.substring(4));
      } else if (arg.startsWith("threads=")) {
        threads = List.of(arg.substring(8));
      } else if (arg.startsWith("piece=")) {
        pieces = List.of(Integer.parseInt(arg.substring(6)));
      } else {
        rounds = Integer.parseInt(arg);
      }
    }
    System.out.printf("%-5s %-7s %-6s %10s %10s %10s %10s %8s %8s%n", "dir", "threads", "piece",
        "sha1 cpu", "check cpu", "sha1 wall", "check wall", "cpu", "wall");
    for (String dir : dirs) {
      for (String thread : threads) {
        for (int piece : pieces) {
          measure(dir, thread, piece, rounds);
        }
      }
    }
  }

  private static void measure(String dir, String threads, int piece, int rounds) throws Exception {
    RecheckBenchmark.Pool pool = new RecheckBenchmark.Pool();
    pool.pieceLength = piece;
    pool.hashThreads = threads;
    pool.setUp();
    RecheckBenchmark.TorrentFiles files = new RecheckBenchmark.TorrentFiles();
    files.dir = dir;
    files.setUp(pool);
    RecheckBenchmark benchmark = new RecheckBenchmark();
    ByteCounter counter = new ByteCounter();
    List<double[]> samples = new ArrayList<>(); // sha1 cpu, check cpu, sha1 wall, check wall
    try {
      for (int round = -3; round < rounds; round++) {
        double[] sha1 = rate(() -> benchmark.sha1Only(pool, counter));
        double[] check = rate(() -> benchmark.recheckAll(pool, files, counter));
        if (round >= 0) {
          samples.add(new double[] {sha1[0], check[0], sha1[1], check[1]});
        }
      }
    } finally {
      files.tearDown();
      pool.tearDown();
    }
    System.out.printf("%-5s %-7s %-6s %10.0f %10.0f %10.0f %10.0f %8.3f %8.3f%n", dir, threads,
        (piece >> 20) + "M", median(samples, s -> s[0]), median(samples, s -> s[1]),
        median(samples, s -> s[2]), median(samples, s -> s[3]),
        median(samples, s -> s[1] / s[0]), median(samples, s -> s[3] / s[2]));
  }

  /**
   * MB per CPU-second and per wall second of calls that each hash {@link RecheckBenchmark#TOTAL},
   * repeated for at least {@link #SAMPLE_NANOS}: the process CPU clock ticks in 10 ms steps here.
   */
  private static double[] rate(Body body) throws Exception {
    long cpu = OS.getProcessCpuTime();
    long wall = System.nanoTime();
    long calls = 0;
    do {
      body.run();
      calls++;
    } while (System.nanoTime() - wall < SAMPLE_NANOS);
    double cpuSeconds = (OS.getProcessCpuTime() - cpu) / 1e9;
    double wallSeconds = (System.nanoTime() - wall) / 1e9;
    double mb = calls * RecheckBenchmark.TOTAL / 1e6;
    return new double[] {mb / cpuSeconds, mb / wallSeconds};
  }

  private static double median(List<double[]> samples, java.util.function.ToDoubleFunction<double[]> f) {
    List<Double> values = new ArrayList<>();
    for (double[] s : samples) {
      values.add(f.applyAsDouble(s));
    }
    Collections.sort(values);
    int n = values.size();
    return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
  }

  @FunctionalInterface
  private interface Body {
    void run() throws Exception;
  }
}
