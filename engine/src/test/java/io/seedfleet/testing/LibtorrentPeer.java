package io.seedfleet.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * libtorrent-rasterbar (Debian's python3-libtorrent, the library inside qBittorrent and Deluge) as a
 * seeder or leecher on 127.0.0.1, through {@code lt_peer.py}. Only {@code /usr/bin/python3} can
 * import Debian's binding.
 */
public final class LibtorrentPeer implements AutoCloseable {
  private static final String PYTHON = "/usr/bin/python3";
  private static final Pattern PORT = Pattern.compile("\"port\": (\\d+)");

  private final ExternalProcess process;
  private final int port;

  private LibtorrentPeer(ExternalProcess process) throws InterruptedException {
    this.process = process;
    String line = process.awaitLine(l -> l.contains("\"listening\"") || l.contains("\"error\""), Duration.ofSeconds(60));
    Matcher m = line == null ? null : PORT.matcher(line);
    if (m == null || !m.find()) {
      process.close();
      throw new IllegalStateException("libtorrent did not start: " + process.output());
    }
    this.port = Integer.parseInt(m.group(1));
  }

  public static LibtorrentPeer seed(Path torrent, Path saveDir, boolean highPerformance)
      throws IOException, InterruptedException {
    return seed(torrent, saveDir, highPerformance, List.of());
  }

  /** A seeder with extra lt_peer.py options, such as {@code --lsd}. */
  public static LibtorrentPeer seed(Path torrent, Path saveDir, List<String> options)
      throws IOException, InterruptedException {
    return seed(torrent, saveDir, false, options);
  }

  /** A seeder with extra {@code lt_peer.py} options, e.g. {@code --upload-limit 100000} or {@code --peer H:P}. */
  public static LibtorrentPeer seed(Path torrent, Path saveDir, boolean highPerformance, List<String> extraArgs)
      throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("seed", "--torrent", torrent.toString(), "--save", saveDir.toString()));
    args.addAll(extraArgs);
    if (highPerformance) {
      args.add("--high-performance");
    }
    LibtorrentPeer peer = new LibtorrentPeer(run("lt-seed", args));
    if (peer.process.awaitLine(l -> l.contains("\"seeding\""), Duration.ofSeconds(120)) == null) {
      String output = peer.process.output();
      peer.close();
      throw new IllegalStateException("libtorrent did not reach seeding: " + output);
    }
    return peer;
  }

  public static LibtorrentPeer leech(Path torrent, Path saveDir, List<InetSocketAddress> peers)
      throws IOException, InterruptedException {
    return leech(torrent, saveDir, peers, List.of());
  }

  /** A leecher with extra lt_peer.py options, such as {@code --lsd}. */
  public static LibtorrentPeer leech(Path torrent, Path saveDir, List<InetSocketAddress> peers, List<String> options)
      throws IOException, InterruptedException {
    Files.createDirectories(saveDir);
    List<String> args = new ArrayList<>(List.of("leech", "--torrent", torrent.toString(), "--save", saveDir.toString()));
    args.addAll(options);
    for (InetSocketAddress p : peers) {
      args.add("--peer");
      args.add(p.getHostString() + ":" + p.getPort());
    }
    return new LibtorrentPeer(run("lt-leech", args));
  }

  /**
   * A leecher given only a magnet link: it fetches the metadata (BEP 9) from {@code peers}, then the
   * data. {@code extraArgs} as for {@link #seed(Path, Path, boolean, List)}.
   */
  public static LibtorrentPeer leechMagnet(String magnet, Path saveDir, List<InetSocketAddress> peers,
      List<String> extraArgs) throws IOException, InterruptedException {
    Files.createDirectories(saveDir);
    List<String> args = new ArrayList<>(List.of("leech", "--magnet", magnet, "--save", saveDir.toString()));
    for (InetSocketAddress p : peers) {
      args.add("--peer");
      args.add(p.getHostString() + ":" + p.getPort());
    }
    args.addAll(extraArgs);
    return new LibtorrentPeer(run("lt-leech-magnet", args));
  }

  /** True once libtorrent reports a connected peer {@code ip:port} matching {@code condition}. */
  public boolean awaitPeer(java.util.function.Predicate<String> condition, Duration timeout) throws InterruptedException {
    return process.awaitLine(l -> l.contains("\"peers\"") && peersIn(l).stream().anyMatch(condition), timeout) != null;
  }

  private static List<String> peersIn(String line) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("\"(\\d+\\.\\d+\\.\\d+\\.\\d+:\\d+)\"").matcher(line);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** Makes a .torrent with libtorrent's own creator; {@code v1Only} false gives a hybrid v1+v2 torrent. */
  public static void makeTorrent(Path source, Path out, int pieceSize, boolean v1Only)
      throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("make-torrent", "--source", source.toString(), "--out", out.toString(),
        "--piece-size", Integer.toString(pieceSize)));
    if (v1Only) {
      args.add("--v1-only");
    }
    try (ExternalProcess p = run("lt-make", args)) {
      int exit = p.awaitExit(Duration.ofSeconds(300));
      if (exit != 0 || !Files.isRegularFile(out)) {
        throw new IllegalStateException("libtorrent could not make a torrent: " + p.output());
      }
    }
  }

  private static ExternalProcess run(String name, List<String> args) throws IOException {
    List<String> command = new ArrayList<>(List.of(PYTHON, script().toString()));
    command.addAll(args);
    return ExternalProcess.start(name, command, null);
  }

  /** The script ships inside the test jar; copy it out once so Python can run it. */
  private static synchronized Path script() throws IOException {
    Path file = Path.of(System.getProperty("java.io.tmpdir"), "seedfleet-lt_peer-" + ProcessHandle.current().pid() + ".py");
    if (!Files.exists(file)) {
      try (InputStream in = LibtorrentPeer.class.getResourceAsStream("lt_peer.py")) {
        Files.write(file, in.readAllBytes());
      }
      file.toFile().deleteOnExit();
    }
    return file;
  }

  public int port() {
    return port;
  }

  public InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", port);
  }

  public void connectPeer(InetSocketAddress peer) throws IOException {
    process.writeLine("connect " + peer.getHostString() + " " + peer.getPort());
  }

  /** True once the leech has every piece verified. */
  public boolean awaitFinished(Duration timeout) throws InterruptedException {
    return process.awaitLine(l -> l.contains("\"finished\""), timeout) != null;
  }

  /** The first output line matching {@code condition} within {@code timeout}, or null (e.g. its status lines). */
  public String awaitLine(java.util.function.Predicate<String> condition, Duration timeout) throws InterruptedException {
    return process.awaitLine(condition, timeout);
  }

  public String output() {
    return process.output();
  }

  @Override
  public void close() throws InterruptedException {
    process.close();
  }
}
