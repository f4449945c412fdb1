package io.seedfleet.ops.cli;

import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.engine.torrent.Torrent;
import io.seedfleet.engine.torrent.TorrentState;
import io.seedfleet.engine.torrent.TorrentStatus;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.pekko.actor.typed.ActorRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code seedfleet seed}: checks existing data, then seeds it until stopped. */
@Command(name = "seed", mixinStandardHelpOptions = true,
    description = "Check the data of a torrent, then seed it until interrupted.")
final class SeedCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "FILE.torrent", description = "the .torrent file")
  Path torrentFile;

  @Mixin
  private DiscoveryOptions discovery;

  @Option(names = "--data", required = true, paramLabel = "DIR",
      description = "the directory that holds the torrent's content (as given to 'get -o')")
  Path data;

  @Option(names = "--port", defaultValue = "6881", description = "BitTorrent listen port (default: ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--bind", defaultValue = "0.0.0.0", description = "listen address (default: ${DEFAULT-VALUE})")
  String bind;

  @Option(names = "--resume-dir", paramLabel = "DIR",
      description = "keep a fast-resume snapshot here, so that the next run on the same data hashes only changed files"
          + " (default: none, every run hashes all data)")
  Path resumeDir;

  @Option(names = "--peer", paramLabel = "HOST:PORT", converter = PeerAddressConverter.class,
      description = "a peer to connect to (repeatable)")
  List<InetSocketAddress> peers = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    Metainfo metainfo = TorrentFiles.load(torrentFile); // a CliException becomes one line and exit 1 (Main)
    try (LocalEngine engine = new LocalEngine(discovery.sessionConfig(new InetSocketAddress(bind, port), null)
        .withResumeDir(resumeDir))) {
      ActorRef<Torrent.Command> torrent = engine.add(metainfo, data, peers);
      TorrentStatus status = engine.status(torrent);
      try (Progress progress = new Progress("checking " + metainfo.name(), metainfo.totalLength(), System.err)) {
        while (status.state() == TorrentState.CHECKING) {
          progress.update(status);
          Thread.sleep(200);
          status = engine.status(torrent);
        }
        progress.update(status);
      }
      if (status.state() == TorrentState.ERROR) {
        System.err.println("seedfleet: " + metainfo.name() + ": " + status.error());
        return 1;
      }
      if (status.piecesVerified() == 0) {
        System.err.println("seedfleet: no valid data for " + metainfo.name() + " under " + data
            + " (expected " + data.resolve(metainfo.files().get(0).path().get(0)) + ")");
        return 1;
      }
      if (!status.complete()) {
        System.err.printf("seedfleet: warning: only %d of %d pieces are valid; seeding those%n",
            status.piecesVerified(), status.pieceCount());
      }
      System.out.printf("seedfleet: seeding %s (%s) on port %d%n", metainfo.name(), metainfo.infoHash(), engine.listenPort());
      System.out.flush();
      Seeding.untilInterrupted(engine, torrent);
      return 0;
    }
  }
}
