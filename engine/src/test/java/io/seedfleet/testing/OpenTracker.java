package io.seedfleet.testing;

import io.seedfleet.engine.metainfo.InfoHash;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The real {@code opentracker} (Debian's package) on 127.0.0.1, serving HTTP and UDP on one port.
 * Debian builds it in whitelist mode: every info-hash must be listed (hex, one a line) in a file
 * inside the directory it chroots to and, running as {@code nobody}, must be able to read. The
 * test fails, never skips, when the program is missing.
 */
public final class OpenTracker implements AutoCloseable {
  private static final Path BINARY = Path.of("/usr/bin/opentracker");
  private static final String WHITELIST = "whitelist";

  private final ExternalProcess process;
  private final int port;

  private OpenTracker(ExternalProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts a tracker that accepts exactly {@code infoHashes}, in a new directory under {@code parent}. */
  public static OpenTracker start(Path parent, Collection<InfoHash> infoHashes) throws IOException, InterruptedException {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(BINARY + " is missing: run scripts/install-test-deps (apt-get install opentracker)");
    }
    Path dir = Files.createTempDirectory(parent, "opentracker");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    List<String> lines = new ArrayList<>();
    infoHashes.forEach(h -> lines.add(h.hex()));
    Path whitelist = Files.write(dir.resolve(WHITELIST), lines);
    Files.setPosixFilePermissions(whitelist, PosixFilePermissions.fromString("rw-r--r--"));
    int port = Ports.freeTcpPort();
    ExternalProcess process = ExternalProcess.start("opentracker", List.of(BINARY.toString(), "-i", "127.0.0.1",
        "-p", Integer.toString(port), "-P", Integer.toString(port), "-d", dir.toString(), "-w", WHITELIST), dir);
    OpenTracker tracker = new OpenTracker(process, port);
    tracker.awaitListening(Duration.ofSeconds(10));
    return tracker;
  }

  private void awaitListening(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        break;
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException e) {
        Thread.sleep(50);
      }
    }
    String output = process.output();
    process.close();
    throw new IllegalStateException("opentracker did not start on port " + port + ": " + output);
  }

  public String httpAnnounceUrl() {
    return "http://127.0.0.1:" + port + "/announce";
  }

  public String udpAnnounceUrl() {
    return "udp://127.0.0.1:" + port + "/announce";
  }

  public String output() {
    return process.output();
  }

  @Override
  public void close() throws InterruptedException {
    process.close();
  }
}
