package io.seedfleet.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real, small file system (tmpfs) mounted for one test, so that "disk full" is the kernel's
 * ENOSPC and not a simulation. Mounting needs root (the test script runs as root, as it installs
 * packages); anywhere else the test fails with this explanation rather than skipping.
 */
public final class SmallDisk implements AutoCloseable {
  private final Path mountPoint;

  private SmallDisk(Path mountPoint) {
    this.mountPoint = mountPoint;
  }

  public static SmallDisk mount(Path mountPoint, long bytes) throws IOException, InterruptedException {
    Files.createDirectories(mountPoint);
    String output = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + bytes + ",mode=0755", "tmpfs", mountPoint.toString()));
    if (output != null) {
      throw new IllegalStateException("cannot mount a " + bytes + "-byte tmpfs at " + mountPoint
          + " (the disk-full tests need root, as scripts/test has): " + output);
    }
    return new SmallDisk(mountPoint);
  }

  public Path path() {
    return mountPoint;
  }

  /** Grows (or shrinks) the file system in place, as an operator adding space would. */
  public void resize(long bytes) throws IOException, InterruptedException {
    String output = run(List.of("mount", "-o", "remount,size=" + bytes, mountPoint.toString()));
    if (output != null) {
      throw new IllegalStateException("cannot resize the tmpfs at " + mountPoint + ": " + output);
    }
  }

  public long usableBytes() throws IOException {
    return Files.getFileStore(mountPoint).getUsableSpace();
  }

  @Override
  public void close() throws IOException, InterruptedException {
    String output = run(List.of("umount", "-l", mountPoint.toString()));
    if (output != null) {
      throw new IllegalStateException("cannot unmount " + mountPoint + ": " + output);
    }
  }

  /** Null on success, else what the command printed. */
  private static String run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return String.join(" ", command) + " timed out";
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    return process.exitValue() == 0 ? null : String.join(" ", command) + " exited " + process.exitValue() + ": " + output;
  }
}
