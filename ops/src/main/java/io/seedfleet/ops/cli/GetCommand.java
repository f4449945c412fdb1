package io.seedfleet.ops.cli;

import io.seedfleet.engine.metainfo.MagnetLink;
import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.engine.session.Session;
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

/** {@code seedfleet get}: downloads one torrent, like aria2c, then optionally seeds it. */
@Command(name = "get", mixinStandardHelpOptions = true,
    description = "Download a torrent into a directory. Exits 0 only when every piece is verified.")
final class GetCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "FILE.torrent|MAGNET",
      description = "the .torrent file, or a magnet link (quote it: 'magnet:?xt=urn:btih:...')")
  String source;

  @Option(names = "--save-torrent", paramLabel = "FILE",
      description = "also write the torrent's .torrent file here (useful with a magnet link)")
  Path saveTorrent;

  @Mixin
  private DiscoveryOptions discovery;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "where to save the data")
  Path output;

  @Option(names = "--peer", paramLabel = "HOST:PORT", converter = PeerAddressConverter.class,
      description = "a peer to connect to (repeatable)")
  List<InetSocketAddress> peers = new ArrayList<>();

  @Option(names = "--port", defaultValue = "0", description = "BitTorrent listen port (default: any free port)")
  int port;

  @Option(names = "--bind", defaultValue = "0.0.0.0", description = "listen address (default: ${DEFAULT-VALUE})")
  String bind;

  @Option(names = "--resume-dir", paramLabel = "DIR",
      description = "keep a fast-resume snapshot here, so that the next run on the same data hashes only changed files"
          + " (default: none, every run hashes all data)")
  Path resumeDir;

  @Option(names = "--seed", description = "keep seeding after the download completes, until interrupted")
  boolean seed;

  @Option(names = "--timeout", defaultValue = "0", paramLabel = "SECONDS",
      description = "give up after this many seconds (default: never)")
  long timeoutSeconds;

  /** Bytes already valid on disk when checking finished; -1 until then. */
  private long verifiedAtStart = -1;

  @Override
  public Integer call() throws Exception {
    boolean magnet = MagnetLink.looksLikeMagnet(source);
    MagnetLink link = magnet ? MagnetFetch.parse(source) : null; // a CliException becomes one line and exit 1 (Main)
    Metainfo metainfo = magnet ? null : TorrentFiles.load(Path.of(source));
    try (LocalEngine engine = new LocalEngine(discovery.sessionConfig(new InetSocketAddress(bind, port), null)
        .withResumeDir(resumeDir))) {
      long started = System.nanoTime();
      long deadline = timeoutSeconds > 0 ? started + timeoutSeconds * 1_000_000_000L : Long.MAX_VALUE;
      ActorRef<Torrent.Command> torrent;
      if (magnet) {
        Session.MagnetAdded added = MagnetFetch.fetch(engine, link, output, peers, deadline, System.err);
        metainfo = added.metainfo();
        torrent = added.torrent();
      } else {
        torrent = engine.add(metainfo, output, peers);
      }
      if (saveTorrent != null) {
        TorrentFiles.save(metainfo, saveTorrent);
      }
      System.err.printf("seedfleet: %s (%s), %d pieces, listening on port %d%n",
          metainfo.name(), metainfo.infoHash(), metainfo.pieceCount(), engine.listenPort());
      TorrentStatus status = waitForCompletion(engine, torrent, metainfo, started);
      long alreadyVerified = Math.max(0, verifiedAtStart);
      if (status.state() == TorrentState.ERROR) {
        System.err.println("seedfleet: " + metainfo.name() + ": " + status.error());
        return 1;
      }
      if (!status.complete()) {
        System.err.printf("seedfleet: timed out after %d s with %d of %d pieces%n",
            timeoutSeconds, status.piecesVerified(), status.pieceCount());
        return 1;
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      System.out.printf("seedfleet: %s complete: %d pieces verified, %s in %s (%.1f s, %.0f MB/s)%n", metainfo.name(),
          status.piecesVerified(), Progress.human(metainfo.totalLength()), output.resolve(metainfo.files().get(0).path().get(0)),
          seconds, (status.bytesVerified() - alreadyVerified) / seconds / 1e6);
      if (seed) {
        System.err.println("seedfleet: seeding; press Ctrl-C to stop");
        Seeding.untilInterrupted(engine, torrent);
      }
      return 0;
    }
  }

  private TorrentStatus waitForCompletion(LocalEngine engine, ActorRef<Torrent.Command> torrent, Metainfo metainfo,
      long startedNanos)
      throws InterruptedException {
    long deadline = timeoutSeconds > 0 ? startedNanos + timeoutSeconds * 1_000_000_000L : Long.MAX_VALUE;
    try (Progress progress = new Progress(metainfo.name(), metainfo.totalLength(), System.err)) {
      while (true) {
        TorrentStatus status = engine.status(torrent);
        if (verifiedAtStart < 0 && status.state() != TorrentState.CHECKING) {
          verifiedAtStart = status.bytesVerified();
        }
        progress.update(status);
        if (status.complete() || status.state() == TorrentState.ERROR || System.nanoTime() > deadline) {
          return status;
        }
        Thread.sleep(50);
      }
    }
  }
}
