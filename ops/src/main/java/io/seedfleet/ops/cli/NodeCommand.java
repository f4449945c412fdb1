package io.seedfleet.ops.cli;

import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.engine.torrent.Torrent;
import io.seedfleet.engine.torrent.TorrentStatus;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.pekko.actor.typed.ActorRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code seedfleet node}: runs a node on embedded defaults. Every {@code .torrent} in
 * {@code DATA/torrents} is started with its content in {@code DATA/downloads}: complete data is
 * seeded, the rest downloaded from peers that connect.
 */
@Command(name = "node", mixinStandardHelpOptions = true,
    description = "Run a seedfleet node: seeds and downloads every torrent in DATA/torrents.")
final class NodeCommand implements Callable<Integer> {

  @Mixin
  private DiscoveryOptions discovery;

  @Option(names = "--data", defaultValue = "data", paramLabel = "DIR", description = "data directory (default: ./${DEFAULT-VALUE})")
  Path data;

  @Option(names = "--bt-port", defaultValue = "6881", description = "BitTorrent listen port (default: ${DEFAULT-VALUE})")
  int btPort;

  @Option(names = "--bind", defaultValue = "127.0.0.1", description = "listen address (default: ${DEFAULT-VALUE})")
  String bind;

  @Option(names = "--tracker-port", paramLabel = "PORT",
      description = "serve a BitTorrent tracker (HTTP and UDP) on this port, 0 = any free port (default: off, or seedfleet.tracker.port)")
  Integer trackerPort;

  @Option(names = "--tracker-open", description = "let the tracker answer any info-hash, not only this node's torrents")
  boolean trackerOpen;

  @Override
  public Integer call() throws Exception {
    Path torrents = data.resolve("torrents");
    Path downloads = data.resolve("downloads");
    Files.createDirectories(torrents);
    Files.createDirectories(downloads);
    try (LocalEngine engine = new LocalEngine(discovery.sessionConfig(new InetSocketAddress(bind, btPort), data.resolve("dht.state")));
        NodeTracker tracker = NodeTracker.start(engine.system(), bind, trackerPort, trackerOpen)) {
      List<ActorRef<Torrent.Command>> running = new ArrayList<>();
      for (Path file : torrentFiles(torrents)) {
        try {
          Metainfo metainfo = TorrentFiles.load(file);
          running.add(engine.add(metainfo, downloads, List.of()));
          tracker.allow(metainfo.infoHash());
          System.err.println("seedfleet: started " + metainfo.name() + " (" + metainfo.infoHash() + ")");
        } catch (CliException | IllegalStateException e) {
          System.err.println("seedfleet: skipping " + file + ": " + e.getMessage());
        }
      }
      System.out.printf("seedfleet: node running with %d torrents; BitTorrent on %s:%d; data in %s%n",
          running.size(), bind, engine.listenPort(), data.toAbsolutePath());
      if (tracker.describe() != null) {
        System.out.println(tracker.describe());
      }
      System.out.println("seedfleet: put .torrent files in " + torrents.toAbsolutePath() + " and restart to add them; Ctrl-C stops");
      System.out.flush();
      Thread main = Thread.currentThread();
      Runtime.getRuntime().addShutdownHook(new Thread(main::interrupt));
      try {
        while (true) {
          Thread.sleep(60_000);
          for (ActorRef<Torrent.Command> torrent : running) {
            TorrentStatus s = engine.status(torrent);
            System.err.printf("seedfleet: %s %s %.1f%%, %d peers%n", s.name(), s.state(), s.progress() * 100, s.connectedPeers());
          }
        }
      } catch (InterruptedException e) {
        return 0;
      }
    }
  }

  private static List<Path> torrentFiles(Path dir) throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.torrent")) {
      stream.forEach(files::add);
    }
    files.sort(null);
    return files;
  }
}
