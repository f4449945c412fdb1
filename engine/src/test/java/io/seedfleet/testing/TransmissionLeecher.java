package io.seedfleet.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/**
 * transmission-cli (libtransmission 3.00) downloading a torrent. Transmission drops 127.x peers it
 * learns from trackers, DHT or PEX, so the peer under test dials its port. DHT, LPD, PEX and uTP are
 * off, plaintext is preferred; completion is signalled by its finish script.
 */
public final class TransmissionLeecher implements AutoCloseable {
  private final ExternalProcess process;
  private final int port;
  private final Path finishedMarker;

  private TransmissionLeecher(ExternalProcess process, int port, Path finishedMarker) {
    this.process = process;
    this.port = port;
    this.finishedMarker = finishedMarker;
  }

  public static TransmissionLeecher start(Path torrent, Path downloadDir, Path workDir) throws IOException {
    Path config = Files.createDirectories(workDir.resolve("transmission-config"));
    Files.writeString(config.resolve("settings.json"), """
        {"dht-enabled": false, "lpd-enabled": false, "pex-enabled": false, "utp-enabled": false,
         "port-forwarding-enabled": false, "encryption": 0, "message-level": 2}
        """);
    Path marker = workDir.resolve("transmission-finished");
    Path script = workDir.resolve("transmission-finished.sh");
    Files.writeString(script, "#!/bin/sh\ntouch '" + marker + "'\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    Files.createDirectories(downloadDir);
    int port = Ports.freeTcpPort();
    ExternalProcess process = ExternalProcess.start("transmission", List.of("transmission-cli",
        "-g", config.toString(), "-w", downloadDir.toString(), "-p", Integer.toString(port), "-et",
        "-f", script.toString(), torrent.toString()), workDir);
    return new TransmissionLeecher(process, port, marker);
  }

  public InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", port);
  }

  /** True once Transmission ran its finish script (every piece verified). */
  public boolean awaitComplete(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(finishedMarker)) {
        return true;
      }
      if (!process.isAlive()) {
        return Files.exists(finishedMarker);
      }
      Thread.sleep(200);
    }
    return false;
  }

  public String output() {
    return process.output();
  }

  @Override
  public void close() throws InterruptedException {
    process.close();
  }
}
