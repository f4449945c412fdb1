package io.seedfleet.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Reports how many cores the benchmark JVM actually got during each iteration ({@code cpu.cores}:
 * process CPU time over wall time, GC and JIT threads included). On a machine shared with other
 * builds a throughput figure divided by it is the rate per CPU-second, which does not depend on how
 * long the benchmark waited for a core; {@code bench/jmh_summary.py} prints that too. Use with
 * {@code -prof io.seedfleet.bench.CpuTimeProfiler} ({@code bench/run-jmh} adds it).
 */
public final class CpuTimeProfiler implements InternalProfiler {
  private final OperatingSystemMXBean os =
      ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);
  private long cpuStart;
  private long wallStart;

  @Override
  public String getDescription() {
    return "cores used by the benchmark JVM per iteration (process CPU time / wall time)";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    cpuStart = os.getProcessCpuTime();
    wallStart = System.nanoTime();
  }

  @Override
  public Collection<ScalarResult> afterIteration(
      BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
    double cores = (double) (os.getProcessCpuTime() - cpuStart) / (System.nanoTime() - wallStart);
    return List.of(new ScalarResult("cpu.cores", cores, "cores", AggregationPolicy.AVG));
  }
}
