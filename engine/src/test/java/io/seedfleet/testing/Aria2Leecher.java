package io.seedfleet.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * aria2c downloading a torrent. aria2 takes no peer address on its command line, so it listens on
 * a free port with no tracker, DHT, LPD or PEX, and the peer under test dials it.
 */
public final class Aria2Leecher implements AutoCloseable {
  private final ExternalProcess process;
  private final int listenPort;

  private Aria2Leecher(ExternalProcess process, int listenPort) {
    this.process = process;
    this.listenPort = listenPort;
  }

  public static Aria2Leecher start(Path torrent, Path dir) throws IOException, InterruptedException {
    return start(torrent, dir, List.of());
  }

  /**
   * As {@link #start(Path, Path)}, with more options after the defaults (aria2 keeps the last value
   * of an option given twice). aria2 announces to UDP trackers only through its DHT socket, so a
   * UDP tracker test passes {@code --enable-dht=true} (with no entry point the DHT finds nobody).
   */
  public static Aria2Leecher start(Path torrent, Path dir, List<String> extraOptions)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    int port = Ports.freeTcpPort();
    List<String> command = new java.util.ArrayList<>(List.of("aria2c",
        "--dir=" + dir, "--listen-port=" + port, "--enable-dht=false", "--enable-dht6=false",
        "--bt-enable-lpd=false", "--enable-peer-exchange=false", "--seed-time=0", "--file-allocation=none",
        "--console-log-level=notice", "--summary-interval=0", "--check-integrity=true"));
    command.addAll(extraOptions);
    command.add(torrent.toString());
    ExternalProcess process = ExternalProcess.start("aria2c", command, dir);
    if (process.awaitLine(l -> l.contains("listening on TCP port"), Duration.ofSeconds(30)) == null) {
      String output = process.output();
      process.close();
      throw new IllegalStateException("aria2c did not start listening: " + output);
    }
    return new Aria2Leecher(process, port);
  }

  public InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", listenPort);
  }

  /** aria2c's exit code: 0 when the download completed with every piece verified. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    return process.awaitExit(timeout);
  }

  public String output() {
    return process.output();
  }

  @Override
  public void close() throws InterruptedException {
    process.close();
  }
}
