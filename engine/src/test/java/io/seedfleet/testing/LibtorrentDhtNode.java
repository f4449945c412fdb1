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
 * A libtorrent DHT node on 127.0.0.1 through {@code lt_dht.py}, optionally seeding a torrent that
 * it keeps announcing to the DHT. Loopback-hostile DHT protections are off (INTEROP-NOTES.md).
 * Its DHT listens on UDP at the same port as its TCP peer port.
 */
public final class LibtorrentDhtNode implements AutoCloseable {
  private static final String PYTHON = "/usr/bin/python3";
  private static final Pattern PORT = Pattern.compile("\"port\": (\\d+)");
  private static final Pattern INFO_HASH = Pattern.compile("\"info_hash\": \"([0-9a-f]{40})\"");
  private static final Pattern DHT_NODES = Pattern.compile("\"dht_nodes\": (\\d+)");

  private final ExternalProcess process;
  private final int port;
  private final String infoHash;

  private LibtorrentDhtNode(ExternalProcess process) throws InterruptedException {
    this.process = process;
    String line = process.awaitLine(l -> l.contains("\"listening\"") || l.contains("\"error\""), Duration.ofSeconds(60));
    Matcher m = line == null ? null : PORT.matcher(line);
    if (m == null || !m.find()) {
      process.close();
      throw new IllegalStateException("libtorrent DHT node did not start: " + process.output());
    }
    this.port = Integer.parseInt(m.group(1));
    Matcher h = INFO_HASH.matcher(line);
    this.infoHash = h.find() ? h.group(1) : null;
  }

  /** A plain DHT node bootstrapping from {@code bootstrap}. */
  public static LibtorrentDhtNode start(List<InetSocketAddress> bootstrap) throws IOException, InterruptedException {
    return new LibtorrentDhtNode(run("lt-dht", bootstrapArgs(bootstrap)));
  }

  /** A seeder of {@code torrent} (data in {@code saveDir}) that announces it to the DHT every 2 s. */
  public static LibtorrentDhtNode seed(Path torrent, Path saveDir, List<InetSocketAddress> bootstrap)
      throws IOException, InterruptedException {
    List<String> args = bootstrapArgs(bootstrap);
    args.addAll(List.of("--seed", torrent.toString(), "--save", saveDir.toString()));
    return new LibtorrentDhtNode(run("lt-dht-seed", args));
  }

  private static List<String> bootstrapArgs(List<InetSocketAddress> bootstrap) {
    List<String> args = new ArrayList<>();
    for (InetSocketAddress b : bootstrap) {
      args.add("--bootstrap");
      args.add(b.getHostString() + ":" + b.getPort());
    }
    return args;
  }

  private static ExternalProcess run(String name, List<String> args) throws IOException {
    List<String> command = new ArrayList<>(List.of(PYTHON, script().toString()));
    command.addAll(args);
    return ExternalProcess.start(name, command, null);
  }

  /** The script ships inside the test jar; copy it out once so Python can run it. */
  private static synchronized Path script() throws IOException {
    Path file = Path.of(System.getProperty("java.io.tmpdir"), "seedfleet-lt_dht-" + ProcessHandle.current().pid() + ".py");
    if (!Files.exists(file)) {
      try (InputStream in = LibtorrentDhtNode.class.getResourceAsStream("lt_dht.py")) {
        Files.write(file, in.readAllBytes());
      }
      file.toFile().deleteOnExit();
    }
    return file;
  }

  public InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", port);
  }

  /** The v1 info-hash of the seeded torrent, in hex, or null for a plain node. */
  public String infoHash() {
    return infoHash;
  }

  /** Like libtorrent's {@code add_dht_node}: pings the node so that it can join the routing table. */
  public void addNode(InetSocketAddress node) throws IOException {
    process.writeLine("add-node " + node.getHostString() + " " + node.getPort());
  }

  /** Starts a DHT get_peers lookup; replies show up in {@link #awaitPeer}. */
  public void getPeers(String infoHashHex) throws IOException {
    process.writeLine("get-peers " + infoHashHex);
  }

  /** True once a get_peers reply for {@code infoHashHex} listed {@code peer}. */
  public boolean awaitPeer(String infoHashHex, InetSocketAddress peer, Duration timeout) throws InterruptedException {
    String wanted = "\"" + peer.getAddress().getHostAddress() + ":" + peer.getPort() + "\"";
    return process.awaitLine(l -> l.contains("\"peers\"") && l.contains(infoHashHex) && l.contains(wanted), timeout) != null;
  }

  /** True once this node (started with {@link #seed}) holds every piece: a download through the DHT finished. */
  public boolean awaitSeeding(Duration timeout) throws InterruptedException {
    return process.awaitLine(l -> l.contains("\"seeding\": true"), timeout) != null;
  }

  /** The DHT routing table size in the latest status line. */
  public int dhtNodes() {
    String[] lines = process.output().split("\n");
    for (int i = lines.length - 1; i >= 0; i--) {
      Matcher m = DHT_NODES.matcher(lines[i]);
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
    }
    return 0;
  }

  public String output() {
    return process.output();
  }

  @Override
  public void close() throws InterruptedException {
    process.close();
  }
}
