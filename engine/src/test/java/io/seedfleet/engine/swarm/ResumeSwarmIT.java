package io.seedfleet.engine.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seedfleet.engine.metainfo.CreateOptions;
import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.engine.metainfo.TorrentCreator;
import io.seedfleet.engine.torrent.Torrent;
import io.seedfleet.engine.torrent.TorrentState;
import io.seedfleet.engine.torrent.TorrentStatus;
import io.seedfleet.testing.TestContent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A leecher with fast resume downloads, is stopped, and starts again as a seeder without hashing. */
@ExtendWith(LogCapturingExtension.class)
class ResumeSwarmIT {

  @Test
  void aCompletedDownloadRestartsAsASeederWithoutHashing(@TempDir Path tmp) throws Exception {
    Path seedDir = tmp.resolve("seed");
    TestContent.multiFileTree(seedDir.resolve("release"), 4L << 20, 7);
    Metainfo metainfo;
    try (var pool = Executors.newFixedThreadPool(2)) {
      metainfo = Metainfo.parse(TorrentCreator.create(seedDir.resolve("release"),
          new CreateOptions(64 * 1024, List.of(), false, null, "test"), pool));
    }
    Path leechDir = tmp.resolve("leech");
    Path resumeDir = tmp.resolve("resume");
    try (Node seeder = new Node("seeder")) {
      ActorRef<Torrent.Command> seeding = seeder.add(metainfo, seedDir, List.of());
      await().atMost(Duration.ofSeconds(30)).until(() -> seeder.status(seeding).state() == TorrentState.SEEDING);
      try (Node leecher = new Node("leecher", config -> config.withResumeDir(resumeDir))) {
        ActorRef<Torrent.Command> leeching = leecher.add(metainfo, leechDir, List.of(seeder.address()));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
            .until(() -> leecher.status(leeching).complete());
      }
    }
    TestContent.assertTreesIdentical(seedDir.resolve("release"), leechDir.resolve("release"));

    try (Node restarted = new Node("restarted", config -> config.withResumeDir(resumeDir))) {
      ActorRef<Torrent.Command> torrent = restarted.add(metainfo, leechDir, List.of());
      await().atMost(Duration.ofSeconds(30)).until(() -> restarted.status(torrent).state() == TorrentState.SEEDING);
      TorrentStatus status = restarted.status(torrent);
      assertThat(status.piecesVerified()).isEqualTo(metainfo.pieceCount());
      assertThat(status.piecesHashed()).isZero();
    }
  }
}
