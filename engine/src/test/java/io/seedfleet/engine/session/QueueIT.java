package io.seedfleet.engine.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seedfleet.engine.metainfo.CreateOptions;
import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.engine.metainfo.TorrentCreator;
import io.seedfleet.engine.queue.QueueLimits;
import io.seedfleet.engine.queue.QueueSettings;
import io.seedfleet.engine.queue.SeedGoal;
import io.seedfleet.engine.swarm.Node;
import io.seedfleet.engine.torrent.Torrent;
import io.seedfleet.engine.torrent.TorrentState;
import io.seedfleet.engine.torrent.TorrentStatus;
import io.seedfleet.testing.LibtorrentPeer;
import io.seedfleet.testing.TestContent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Queue limits and seed goals of a session, with libtorrent on the other end of every transfer. */
class QueueIT {
  private static final int PIECE = 64 * 1024;

  @TempDir Path tmp;

  @Test
  void oneDownloadAtATimeThenSeedSlotsAppliedAtRuntime() throws Exception {
    Path first = content("first", 4L << 20);
    Path second = content("second", 1L << 20);
    QueueSettings oneDownload = new QueueSettings(new QueueLimits(1, 0), SeedGoal.NONE);
    // A 1 MB/s seeder keeps the first download busy for about 4 s.
    try (LibtorrentPeer slow = LibtorrentPeer.seed(torrentFile(first), first.getParent(), false,
            List.of("--upload-limit", "1000000"));
        LibtorrentPeer fast = LibtorrentPeer.seed(torrentFile(second), second.getParent(), false);
        Node node = new Node("queue", c -> c.withQueue(oneDownload))) {
      ActorRef<Torrent.Command> a = node.add(metainfo(first), tmp.resolve("got-first"), List.of(slow.address()));
      ActorRef<Torrent.Command> b = node.add(metainfo(second), tmp.resolve("got-second"), List.of(fast.address()));

      AtomicReference<TorrentStatus> waiting = new AtomicReference<>();
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
        waiting.set(node.status(b));
        return node.status(a).state() == TorrentState.DOWNLOADING && waiting.get().state() == TorrentState.QUEUED;
      });
      assertThat(waiting.get().bytesDownloaded()).as("a queued torrent transfers nothing").isZero();
      assertThat(waiting.get().connectedPeers()).isZero();

      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
          .until(() -> node.status(a).state() == TorrentState.SEEDING);
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
          .until(() -> node.status(b).state() == TorrentState.SEEDING);
      assertThat(Files.mismatch(first, tmp.resolve("got-first").resolve(first.getFileName()))).isEqualTo(-1L);
      assertThat(Files.mismatch(second, tmp.resolve("got-second").resolve(second.getFileName()))).isEqualTo(-1L);

      node.system().tell(new Session.SetQueueSettings(new QueueSettings(new QueueLimits(1, 1), SeedGoal.NONE)));
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
          .until(() -> node.status(b).state() == TorrentState.QUEUED);
      assertThat(node.status(a).state()).as("the first added keeps the only seed slot").isEqualTo(TorrentState.SEEDING);
    }
  }

  @Test
  void seedingStopsAtTheRatioGoalAndResumeSeedsOn() throws Exception {
    Path file = content("ratio", 2L << 20);
    Path torrent = torrentFile(file);
    QueueSettings ratioOne = new QueueSettings(QueueLimits.UNLIMITED, new SeedGoal(1.0, Duration.ZERO));
    try (Node node = new Node("ratio", c -> c.withQueue(ratioOne))) {
      ActorRef<Torrent.Command> seeding = node.add(metainfo(file), file.getParent(), List.of());
      await().atMost(Duration.ofSeconds(30)).until(() -> node.status(seeding).state() == TorrentState.SEEDING);
      try (LibtorrentPeer leecher = LibtorrentPeer.leech(torrent, tmp.resolve("lt"), List.of(node.address()))) {
        assertThat(leecher.awaitFinished(Duration.ofSeconds(60))).as(leecher.output()).isTrue();
      }
      await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
          .until(() -> node.status(seeding).state() == TorrentState.FINISHED);
      TorrentStatus finished = node.status(seeding);
      assertThat(finished.bytesUploaded()).isGreaterThanOrEqualTo(finished.totalLength());
      assertThat(finished.connectedPeers()).isZero();

      seeding.tell(Torrent.Resume.INSTANCE);
      await().atMost(Duration.ofSeconds(5)).until(() -> node.status(seeding).state() == TorrentState.SEEDING);
      Thread.sleep(2_000); // two goal checks: the operator's resume outranks the reached goal
      assertThat(node.status(seeding).state()).isEqualTo(TorrentState.SEEDING);
    }
  }

  @Test
  void seedingStopsAfterTheSeedTime() throws Exception {
    Path file = content("time", 256 * 1024);
    try (Node node = new Node("seed-time")) {
      ActorRef<Torrent.Command> seeding = node.add(metainfo(file), file.getParent(), List.of());
      await().atMost(Duration.ofSeconds(30)).until(() -> node.status(seeding).state() == TorrentState.SEEDING);
      seeding.tell(new Torrent.SetSeedGoal(new SeedGoal(0, Duration.ofSeconds(2))));
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
          .until(() -> node.status(seeding).state() == TorrentState.FINISHED);
    }
  }

  private Path content(String name, long size) throws Exception {
    Path file = tmp.resolve("src-" + name).resolve(name + ".bin");
    TestContent.singleFile(file, size, name.hashCode());
    return file;
  }

  private Path torrentFile(Path file) throws Exception {
    Path out = tmp.resolve(file.getFileName() + ".torrent");
    if (!Files.exists(out)) {
      try (var pool = Executors.newFixedThreadPool(2)) {
        Files.write(out, TorrentCreator.create(file, new CreateOptions(PIECE, List.of(), false, null, "test"), pool));
      }
    }
    return out;
  }

  private Metainfo metainfo(Path file) throws Exception {
    return Metainfo.parse(Files.readAllBytes(torrentFile(file)));
  }
}
