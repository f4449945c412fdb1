package io.seedfleet.engine.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seedfleet.engine.dormant.DormancyConfig;
import io.seedfleet.engine.dormant.DormantFiles;
import io.seedfleet.engine.metainfo.CreateOptions;
import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.engine.metainfo.TorrentCreator;
import io.seedfleet.engine.session.Session;
import io.seedfleet.engine.session.SessionConfig;
import io.seedfleet.engine.torrent.Torrent;
import io.seedfleet.engine.torrent.TorrentState;
import io.seedfleet.engine.torrent.TorrentStatus;
import io.seedfleet.testing.TestContent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dormant torrents (docs/adr/0013-dormant-torrents.md): a complete torrent sleeps as a record,
 * answers status from it, wakes for an inbound peer without hashing and serves it, sleeps again,
 * and a restarted session knows it from the index alone (or from the copies when the index is
 * damaged).
 */
@ExtendWith(LogCapturingExtension.class)
class DormancyIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Test
  void anIdleSeedSleepsWakesForAPeerAndIsRestoredFromTheIndex(@TempDir Path tmp) throws Exception {
    Path seedDir = tmp.resolve("seed");
    TestContent.multiFileTree(seedDir.resolve("release"), 1L << 20, 3);
    Metainfo metainfo;
    try (var pool = Executors.newFixedThreadPool(2)) {
      metainfo = Metainfo.parse(TorrentCreator.create(seedDir.resolve("release"),
          new CreateOptions(64 * 1024, List.of(), false, null, "test"), pool));
    }
    Path resumeDir = tmp.resolve("resume");
    UnaryOperator<SessionConfig> dormant = config -> config.withResumeDir(resumeDir)
        .withDormancy(DormancyConfig.on(Duration.ZERO, Duration.ofMillis(200)));

    try (Node seeder = new Node("seeder", dormant)) {
      ActorRef<Torrent.Command> seeding = seeder.add(metainfo, seedDir, List.of());
      await().atMost(TIMEOUT).until(() -> stats(seeder).dormant() == 1);
      TorrentStatus asleep = seeder.status(seeding);
      assertThat(asleep.state()).isEqualTo(TorrentState.SEEDING);
      assertThat(asleep.piecesVerified()).isEqualTo(metainfo.pieceCount());
      assertThat(stats(seeder).running()).isZero();

      Path leechDir = tmp.resolve("leech");
      try (Node leecher = new Node("leecher")) {
        ActorRef<Torrent.Command> leeching = leecher.add(metainfo, leechDir, List.of(seeder.address()));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
            .until(() -> leecher.status(leeching).complete());
      }
      TestContent.assertTreesIdentical(seedDir.resolve("release"), leechDir.resolve("release"));
      assertThat(stats(seeder).wakes()).isEqualTo(1);
      await().atMost(TIMEOUT).until(() -> stats(seeder).sleeps() == 2 && stats(seeder).dormant() == 1);
      TorrentStatus afterServing = seeder.status(seeding);
      assertThat(afterServing.bytesUploaded()).isGreaterThanOrEqualTo(metainfo.totalLength());
      assertThat(afterServing.piecesHashed()).isZero();

      seeding.tell(Torrent.Pause.INSTANCE); // wakes it, pauses it, and it sleeps again paused
      await().atMost(TIMEOUT).until(() -> seeder.status(seeding).state() == TorrentState.PAUSED
          && stats(seeder).dormant() == 1);
      seeding.tell(Torrent.Resume.INSTANCE);
      await().atMost(TIMEOUT).until(() -> seeder.status(seeding).state() == TorrentState.SEEDING
          && stats(seeder).dormant() == 1);
    }

    try (Node restarted = new Node("restarted", dormant)) {
      await().atMost(TIMEOUT).until(() -> stats(restarted).restored());
      assertThat(stats(restarted).dormant()).isEqualTo(1);
      ActorRef<Torrent.Command> handle = torrents(restarted).get(metainfo.infoHash());
      TorrentStatus restoredStatus = restarted.status(handle);
      assertThat(restoredStatus.state()).isEqualTo(TorrentState.SEEDING);
      assertThat(restoredStatus.bytesUploaded()).isGreaterThanOrEqualTo(metainfo.totalLength());
      assertThat(restarted.add(metainfo, seedDir, List.of())).isEqualTo(handle); // its owner claims it
    }

    Files.write(resumeDir.resolve(DormantFiles.INDEX_FILE), new byte[] {1, 2, 3});
    try (Node fallback = new Node("fallback", dormant)) {
      await().atMost(TIMEOUT).until(() -> stats(fallback).restored());
      assertThat(torrents(fallback)).containsKey(metainfo.infoHash());
      ActorRef<Torrent.Command> handle = torrents(fallback).get(metainfo.infoHash());
      await().atMost(TIMEOUT).until(() -> fallback.status(handle).state() == TorrentState.SEEDING);
    }
  }

  @Test
  void aSleepingTorrentWithTrackersWakesToAnnounceAndSleepsAgain(@TempDir Path tmp) throws Exception {
    Path seedDir = tmp.resolve("seed");
    TestContent.multiFileTree(seedDir.resolve("release"), 256L << 10, 2);
    Metainfo metainfo;
    try (var pool = Executors.newFixedThreadPool(2)) { // a tracker nobody answers: only the wake-ups matter here
      metainfo = Metainfo.parse(TorrentCreator.create(seedDir.resolve("release"),
          new CreateOptions(64 * 1024, List.of("http://127.0.0.1:1/announce"), false, null, "test"), pool));
    }
    DormancyConfig announceEverySecond = new DormancyConfig(true, Duration.ZERO, Duration.ofMillis(200),
        Duration.ofSeconds(1));
    try (Node seeder = new Node("seeder", config -> config.withResumeDir(tmp.resolve("resume"))
        .withDormancy(announceEverySecond))) {
      ActorRef<Torrent.Command> seeding = seeder.add(metainfo, seedDir, List.of());
      await().atMost(TIMEOUT).until(() -> stats(seeder).sleeps() >= 1);
      await().atMost(TIMEOUT).until(() -> stats(seeder).wakes() >= 2 && stats(seeder).sleeps() >= 3);
      assertThat(seeder.status(seeding).state()).isEqualTo(TorrentState.SEEDING);
      assertThat(seeder.status(seeding).piecesHashed()).isZero();
    }
  }

  private static Session.DormancyStats stats(Node node) {
    return AskPattern.<Session.Command, Session.DormancyStats>ask(node.system(), Session.GetDormancy::new, TIMEOUT,
        node.system().scheduler()).toCompletableFuture().join();
  }

  private static Map<InfoHash, ActorRef<Torrent.Command>> torrents(Node node) {
    return AskPattern.<Session.Command, Map<InfoHash, ActorRef<Torrent.Command>>>ask(node.system(),
        Session.GetTorrents::new, TIMEOUT, node.system().scheduler()).toCompletableFuture().join();
  }
}
