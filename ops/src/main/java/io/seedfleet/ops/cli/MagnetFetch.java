package io.seedfleet.ops.cli;

import io.seedfleet.engine.metainfo.MagnetException;
import io.seedfleet.engine.metainfo.MagnetLink;
import io.seedfleet.engine.session.Session;
import io.seedfleet.engine.torrent.MetadataFetcher;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The CLI side of a magnet link: parse it, then wait for the engine to fetch its metadata. */
final class MagnetFetch {
  private static final long REPORT_NANOS = TimeUnit.SECONDS.toNanos(5);

  private MagnetFetch() {}

  static MagnetLink parse(String text) throws CliException {
    try {
      MagnetLink link = MagnetLink.parse(text);
      link.refusedTrackers().forEach(t -> System.err.println("seedfleet: ignoring tracker " + t));
      return link;
    } catch (MagnetException e) {
      throw new CliException("invalid magnet link: " + e.getMessage());
    }
  }

  /**
   * Adds the magnet and waits until the torrent runs, printing "fetching metadata" progress.
   *
   * @param deadlineNanos a {@link System#nanoTime()} after which to give up
   */
  static Session.MagnetAdded fetch(LocalEngine engine, MagnetLink link, Path output, List<InetSocketAddress> peers,
      long deadlineNanos, PrintStream err) throws CliException, InterruptedException {
    CompletableFuture<Session.MagnetAdded> added = engine.addMagnet(link, output, peers);
    err.printf("seedfleet: fetching metadata for %s, listening on port %d%n",
        link.displayName().map(dn -> dn + " (" + link.infoHash() + ")").orElse(link.infoHash().hex()), engine.listenPort());
    long lastReport = System.nanoTime();
    while (!added.isDone()) {
      if (System.nanoTime() > deadlineNanos) {
        throw new CliException("timed out fetching metadata for " + link.infoHash() + " (no peer sent it)");
      }
      if (System.nanoTime() - lastReport > REPORT_NANOS) {
        MetadataFetcher.FetchStatus status = engine.fetchStatus(link.infoHash());
        err.printf("seedfleet: fetching metadata: %d peers connected of %d known, %d/%d pieces%n",
            status.connectedPeers(), status.knownPeers(), status.piecesHave(), status.pieceCount());
        lastReport = System.nanoTime();
      }
      Thread.sleep(50);
    }
    Session.MagnetAdded result = added.join();
    if (result.torrent() == null) {
      throw new CliException(link.infoHash() + ": " + result.error());
    }
    return result;
  }
}
