package io.seedfleet.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.seedfleet.engine.limit.Limits;
import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.session.Session;
import io.seedfleet.engine.torrent.Torrent;
import io.seedfleet.engine.torrent.TorrentStatus;
import io.seedfleet.proto.cluster.v1.FleetPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the admin plane changes in the catalogue reaches the engine: limits, the fleet policy, recheck. */
class FleetControlIT {
  private static final Duration ASK = Duration.ofSeconds(5);

  @Test
  void limitsPolicyAndRecheckReachTheEngine(@TempDir Path tmp) throws Exception {
    FleetFixtures.Content content = FleetFixtures.content(tmp, 2L << 20, 41);
    Path dataDir = tmp.resolve("node");
    FleetFixtures.publishInto(dataDir, content);
    InfoHash infoHash = content.metainfo().infoHash();
    try (FleetNode node = FleetFixtures.node(dataDir, List.of()).awaitUp(Duration.ofSeconds(20))) {
      node.add(content.torrent(), 1, List.of()).toCompletableFuture().join();
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> engineStatus(node, infoHash) != null
          && engineStatus(node, infoHash).state() == io.seedfleet.engine.torrent.TorrentState.SEEDING);

      node.setTorrentLimits(infoHash, 300_000, 200_000, 7).toCompletableFuture().join();
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
          .until(() -> torrentLimits(node, infoHash).equals(new Limits(300_000, 200_000, 7)));
      assertThatThrownBy(() -> node.setTorrentLimits(infoHash, -1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> node.setFilePriorities(infoHash, List.of(1, 2)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 files");
      node.setFilePriorities(infoHash, List.of(5)).toCompletableFuture().join();
      assertThat(node.get(infoHash).toCompletableFuture().join().orElseThrow().getFilePrioritiesList()).containsExactly(5);

      assertThat(node.policy().toCompletableFuture().join()).isEmpty();
      node.setPolicy(FleetPolicy.newBuilder().setUploadLimit(4_000_000).setDownloadLimit(5_000_000)
          .setMaxConnections(123).setMaxActiveSeeds(10).build()).toCompletableFuture().join();
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
          .until(() -> globalLimits(node).equals(new Limits(4_000_000, 5_000_000, 123)));
      assertThat(node.policy().toCompletableFuture().join()).hasValueSatisfying(p -> assertThat(p.getMaxActiveSeeds()).isEqualTo(10));
      assertThatThrownBy(() -> node.setPolicy(FleetPolicy.newBuilder().setSeedRatio(Double.NaN).build()))
          .isInstanceOf(IllegalArgumentException.class);

      TorrentStatus before = engineStatus(node, infoHash);
      assertThat(node.recheck(infoHash).toCompletableFuture().join()).isTrue();
      assertThat(node.recheck(InfoHash.fromHex("11".repeat(20))).toCompletableFuture().join()).isFalse();
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
        TorrentStatus now = engineStatus(node, infoHash);
        return now.state() == io.seedfleet.engine.torrent.TorrentState.SEEDING && now.piecesHashed() == now.pieceCount()
            && now.piecesHashed() > 0;
      });
      assertThat(before.piecesVerified()).isEqualTo(content.metainfo().pieceCount());
    }

    // The policy is durable: a restarted node applies it again without anyone setting it.
    try (FleetNode again = FleetFixtures.node(dataDir, List.of()).awaitUp(Duration.ofSeconds(20))) {
      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
          .until(() -> globalLimits(again).equals(new Limits(4_000_000, 5_000_000, 123)));
    }
  }

  @SuppressWarnings("unchecked")
  private static ActorRef<Torrent.Command> torrent(FleetNode node, InfoHash infoHash) {
    Map<io.seedfleet.engine.metainfo.InfoHash, ActorRef<Torrent.Command>> all = AskPattern.<Session.Command,
        Map<io.seedfleet.engine.metainfo.InfoHash, ActorRef<Torrent.Command>>>ask(node.session(),
        Session.GetTorrents::new, ASK, node.system().scheduler()).toCompletableFuture().join();
    return all.get(infoHash);
  }

  private static TorrentStatus engineStatus(FleetNode node, InfoHash infoHash) {
    ActorRef<Torrent.Command> torrent = torrent(node, infoHash);
    return torrent == null ? null : AskPattern.<Torrent.Command, TorrentStatus>ask(torrent, Torrent.GetStatus::new, ASK,
        node.system().scheduler()).toCompletableFuture().join();
  }

  private static Limits torrentLimits(FleetNode node, InfoHash infoHash) {
    return AskPattern.<Torrent.Command, Limits>ask(torrent(node, infoHash), Torrent.GetLimits::new, ASK,
        node.system().scheduler()).toCompletableFuture().join();
  }

  private static Limits globalLimits(FleetNode node) {
    return AskPattern.<Session.Command, Limits>ask(node.session(), Session.GetGlobalLimits::new, ASK,
        node.system().scheduler()).toCompletableFuture().join();
  }
}
