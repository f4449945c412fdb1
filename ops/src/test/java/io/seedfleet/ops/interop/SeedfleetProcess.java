package io.seedfleet.ops.interop;

import io.seedfleet.testing.ExternalProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The real {@code seedfleet} command as a separate process (the shaded jar Maven built), the way a
 * user runs it, on CI settings (no terminal) with INFO logs. Output goes to {@code target/interop-logs/}.
 */
final class SeedfleetProcess implements AutoCloseable {
  private final ExternalProcess process;

  private SeedfleetProcess(ExternalProcess process) {
    this.process = process;
  }

  static SeedfleetProcess start(String name, String... args) throws IOException {
    String jar = System.getProperty("seedfleet.jar");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException("seedfleet.jar not built (system property seedfleet.jar = " + jar + ")");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar);
    command.addAll(List.of(args));
    return new SeedfleetProcess(ExternalProcess.start(name, command, null, Map.of("SEEDFLEET_LOG_LEVEL", "INFO")));
  }

  /** Waits for an output line matching {@code condition}; fails with the output so far when none comes. */
  String awaitLine(Predicate<String> condition, Duration timeout) throws InterruptedException {
    String line = process.awaitLine(condition, timeout);
    if (line == null) {
      throw new AssertionError("no matching line from seedfleet within " + timeout + "; output:\n" + output());
    }
    return line;
  }

  int awaitExit(Duration timeout) throws InterruptedException {
    return process.awaitExit(timeout);
  }

  String output() {
    return process.output();
  }

  @Override
  public void close() throws InterruptedException {
    process.close();
  }
}
