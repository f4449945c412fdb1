package io.seedfleet.ops.cli;

import io.seedfleet.engine.torrent.Torrent;
import io.seedfleet.engine.torrent.TorrentStatus;
import org.apache.pekko.actor.typed.ActorRef;

/** Keeps a process seeding and prints a status line now and then, until it is interrupted. */
final class Seeding {
  private static final long REPORT_EVERY_MILLIS = 30_000;

  private Seeding() {}

  static void untilInterrupted(LocalEngine engine, ActorRef<Torrent.Command> torrent) {
    Thread main = Thread.currentThread();
    Runtime.getRuntime().addShutdownHook(new Thread(main::interrupt));
    try {
      while (!Thread.currentThread().isInterrupted()) {
        Thread.sleep(REPORT_EVERY_MILLIS);
        TorrentStatus s = engine.status(torrent);
        System.err.printf("seedfleet: %s %s, %d peers, %s uploaded, %s/s up%n", s.name(), s.state(),
            s.connectedPeers(), Progress.human(s.bytesUploaded()), Progress.human(s.uploadRate()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
