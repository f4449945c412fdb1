package io.seedfleet.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seedfleet.engine.dormant.DormancyConfig;
import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.session.Session;
import io.seedfleet.engine.swarm.Node;
import io.seedfleet.engine.torrent.Torrent;
import io.seedfleet.proto.cluster.v1.TorrentStatus;
import io.seedfleet.testing.TestContent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica whose torrent sleeps (docs/adr/0013-dormant-torrents.md): the fleet sees it seeding,
 * an outside leecher wakes it by connecting, pause and resume go through, and a restarted node
 * gets it back from the dormant index when the catalogue re-adds it.
 */
class DormantReplicaIT {

  @Test
  void aSleepingReplicaSeedsPausesAndSurvivesARestart(@TempDir Path tmp) throws Exception {
    FleetFixtures.Content content = FleetFixtures.content(tmp, 2L << 20, 41);
    Path dataDir = tmp.resolve("node");
    FleetFixtures.publishInto(dataDir, content);
    InfoHash infoHash = content.metainfo().infoHash();

    try (FleetNode node = dormantNode(dataDir)) {
      node.add(content.torrent(), 1, List.of()).toCompletableFuture().join();
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> asleep(node) == 1);
      assertThat(stateOf(node, infoHash)).isEqualTo(TorrentStatus.State.SEEDING);

      Path leechDir = tmp.resolve("leech");
      try (Node leecher = new Node("leecher")) {
        ActorRef<Torrent.Command> leeching = leecher.add(content.metainfo(), leechDir, List.of(node.btAddress()));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
            .until(() -> leecher.status(leeching).complete());
      }
      TestContent.assertTreesIdentical(content.file().getParent(), leechDir);

      node.setPaused(infoHash, true).toCompletableFuture().join();
      await().atMost(Duration.ofSeconds(20)).until(() -> stateOf(node, infoHash) == TorrentStatus.State.PAUSED);
      node.setPaused(infoHash, false).toCompletableFuture().join();
      await().atMost(Duration.ofSeconds(30)).until(() -> stateOf(node, infoHash) == TorrentStatus.State.SEEDING);
    }

    try (FleetNode again = dormantNode(dataDir)) {
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
          .until(() -> stateOf(again, infoHash) == TorrentStatus.State.SEEDING && asleep(again) == 1);
      assertThat(again.status(infoHash).toCompletableFuture().join().get(0).getError()).isEmpty();
    }
  }

  private static FleetNode dormantNode(Path dataDir) {
    FleetSettings settings = FleetSettings.defaults(dataDir).withReconcileInterval(Duration.ofSeconds(2))
        .withExtraConfig(com.typesafe.config.ConfigFactory.parseString(
            "pekko.coordinated-shutdown.run-by-actor-system-terminate = off\n"
            + "pekko.cluster.jmx.multi-mbeans-in-same-jvm = on"));
    return FleetNode.start(settings, engine -> engine.withResumeDir(dataDir.resolve("resume"))
        .withDormancy(DormancyConfig.on(Duration.ZERO, Duration.ofMillis(300)))).awaitUp(Duration.ofSeconds(20));
  }

  private static int asleep(FleetNode node) {
    TestProbe<Session.DormancyStats> stats = TestProbe.create(node.system());
    node.session().tell(new Session.GetDormancy(stats.ref()));
    return stats.receiveMessage(Duration.ofSeconds(5)).dormant();
  }

  private static TorrentStatus.State stateOf(FleetNode node, InfoHash infoHash) {
    List<TorrentStatus> all = node.status(infoHash).toCompletableFuture().join();
    return all.isEmpty() ? TorrentStatus.State.UNKNOWN : all.get(0).getState();
  }
}
