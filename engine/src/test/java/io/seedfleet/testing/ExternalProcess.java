package io.seedfleet.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real client program run for a test: its output lines are kept and copied to
 * {@code target/interop-logs/NAME.log}; closing it kills it.
 */
public final class ExternalProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Path log;

  private ExternalProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
    Thread.ofPlatform().daemon().name("out-" + name).start(() -> pump(process.getInputStream()));
  }

  public static ExternalProcess start(String name, List<String> command, Path workDir) throws IOException {
    return start(name, command, workDir, java.util.Map.of());
  }

  /** As {@link #start(String, List, Path)}, with extra environment variables. */
  public static ExternalProcess start(String name, List<String> command, Path workDir, java.util.Map<String, String> env)
      throws IOException {
    Path logDir = Files.createDirectories(Path.of("target", "interop-logs"));
    Path log = logDir.resolve(name + "-" + System.nanoTime() + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    if (workDir != null) {
      builder.directory(workDir.toFile());
    }
    builder.environment().put("CI", "true");
    builder.environment().putAll(env);
    Files.writeString(log, String.join(" ", command) + "\n");
    return new ExternalProcess(name, builder.start(), log);
  }

  private void pump(InputStream in) {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        lines.add(line);
        Files.writeString(log, line + "\n", StandardOpenOption.APPEND);
      }
    } catch (IOException e) {
      lines.add("[output lost: " + e + "]");
    }
  }

  /** The first output line matching {@code condition} within {@code timeout}, or null. */
  public String awaitLine(Predicate<String> condition, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (String line : lines) {
        if (condition.test(line)) {
          return line;
        }
      }
      if (!process.isAlive()) {
        for (String line : lines) {
          if (condition.test(line)) {
            return line;
          }
        }
        return null;
      }
      Thread.sleep(50);
    }
    return null;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Kills the process without letting it clean up (SIGKILL on Linux, like {@code kill -9}). */
  public void killHard() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(name + " did not exit within " + timeout + "; output:\n" + output());
    }
    return process.exitValue();
  }

  public void writeLine(String line) throws IOException {
    OutputStream stdin = process.getOutputStream();
    stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    stdin.flush();
  }

  /** The last 80 lines of output, for assertion messages. */
  public String output() {
    List<String> all = List.copyOf(lines);
    return String.join("\n", all.subList(Math.max(0, all.size() - 80), all.size()));
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
