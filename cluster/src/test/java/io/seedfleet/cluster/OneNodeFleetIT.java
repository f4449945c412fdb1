package io.seedfleet.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.seedfleet.cluster.catalogue.Catalogue;
import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.proto.cluster.v1.TorrentStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import io.seedfleet.cluster.sharding.TorrentReplica;
import io.seedfleet.proto.cluster.v1.TorrentSpec;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fleet of one: the catalogue drives the node's engine, and survives a restart on disk. */
class OneNodeFleetIT {

  @Test
  void aTorrentWhoseDataIsPresentIsSeededAndTheCatalogueSurvivesARestart(@TempDir Path tmp) throws Exception {
    FleetFixtures.Content content = FleetFixtures.content(tmp, 3L << 20, 11);
    Path dataDir = tmp.resolve("node");
    FleetFixtures.publishInto(dataDir, content);
    InfoHash infoHash = content.metainfo().infoHash();

    try (FleetNode node = FleetFixtures.node(dataDir, List.of()).awaitUp(Duration.ofSeconds(20))) {
      assertThatThrownBy(() -> FleetFixtures.node(dataDir, List.of()))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("in use by another seedfleet node");
      Catalogue.WriteOutcome outcome = node.add(content.torrent(), 1, List.of("test")).toCompletableFuture().join();
      assertThat(outcome).isEqualTo(Catalogue.WriteOutcome.MAJORITY);
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() ->
          node.status(infoHash).toCompletableFuture().join().get(0).getState() == TorrentStatus.State.SEEDING);
      TorrentStatus status = node.status(infoHash).toCompletableFuture().join().get(0);
      assertThat(status.getPiecesVerified()).isEqualTo(content.metainfo().pieceCount());
      assertThat(status.getBytesDownloaded()).isZero();
      assertThat(status.getNode()).isEqualTo(node.clusterAddress().toString());
      assertThat(node.holders(infoHash).toCompletableFuture().join()).containsExactly(node.btAddress());

      InfoHash unknown = InfoHash.fromHex("00".repeat(20));
      assertThat(node.status(unknown).toCompletableFuture().join())
          .singleElement().extracting(TorrentStatus::getState).isEqualTo(TorrentStatus.State.UNKNOWN);
      TestProbe<TorrentStatus> probe = TestProbe.create(node.system());
      ClusterSharding.get(node.system()).entityRefFor(TorrentReplica.TYPE_KEY, unknown.hex() + "#0")
          .tell(new TorrentReplica.Ensure(probe.ref()));
      assertThat(probe.receiveMessage(Duration.ofSeconds(10)).getState()).isEqualTo(TorrentStatus.State.UNKNOWN);
    }

    assertThat(dataDir.resolve("resume").resolve(infoHash.hex() + ".resume")).isNotEmptyFile();
    try (FleetNode again = FleetFixtures.node(dataDir, List.of()).awaitUp(Duration.ofSeconds(20))) {
      assertThat(again.get(infoHash).toCompletableFuture().join()).hasValueSatisfying(spec ->
          assertThat(spec.getLabelsList()).containsExactly("test"));
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() ->
          again.status(infoHash).toCompletableFuture().join().get(0).getState() == TorrentStatus.State.SEEDING);
      assertThat(again.status(infoHash).toCompletableFuture().join().get(0).getBytesDownloaded()).isZero();
      assertThat(engineStatus(again, infoHash).piecesHashed()).as("the restart trusts the resume snapshot").isZero();

      AtomicReference<Map<String, TorrentSpec>> seen = new AtomicReference<>(Map.of());
      try (AutoCloseable watch = again.watchCatalogue(seen::set)) {
        again.setPaused(infoHash, true).toCompletableFuture().join();
        await().atMost(Duration.ofSeconds(10)).until(() -> stateOf(again, infoHash, 0) == TorrentStatus.State.PAUSED);
        assertThat(again.holders(infoHash).toCompletableFuture().join()).isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.get().containsKey(infoHash.hex())
            && seen.get().get(infoHash.hex()).getPaused());
        again.setPaused(infoHash, false).toCompletableFuture().join();
        await().atMost(Duration.ofSeconds(30)).until(() -> stateOf(again, infoHash, 0) == TorrentStatus.State.SEEDING);

        // A second replica on a one-node fleet cannot get a node of its own: it reports the co-location.
        again.setReplicas(infoHash, 2).toCompletableFuture().join();
        await().atMost(Duration.ofSeconds(20)).until(() -> stateOf(again, infoHash, 1) == TorrentStatus.State.CO_LOCATED);
        TorrentStatus coLocated = again.status(infoHash).toCompletableFuture().join().get(1);
        assertThat(coLocated.getPiecesVerified()).as("shows the data it shares with replica 0")
            .isEqualTo(content.metainfo().pieceCount());
        assertThat(coLocated.getError()).contains("already runs on this node");
        assertThat(stateOf(again, infoHash, 0)).isEqualTo(TorrentStatus.State.SEEDING);

        again.remove(infoHash).toCompletableFuture().join();
        await().atMost(Duration.ofSeconds(10)).until(() -> !seen.get().containsKey(infoHash.hex()));
        assertThat(stateOf(again, infoHash, 0)).isEqualTo(TorrentStatus.State.UNKNOWN);
        await().atMost(Duration.ofSeconds(10)).until(() -> again.holders(infoHash).toCompletableFuture().join().isEmpty());
      }
    }
  }

  @Test
  void theCatalogueKeepsSmallEntriesSoHundredsOfTorrentsFitAndAFullOneRefusesWrites(@TempDir Path tmp) throws Exception {
    // 400 .torrent files of ~1.3 KB each (520 KB) would not fit the 200 KiB catalogue if it carried them.
    List<byte[]> torrents = new java.util.ArrayList<>();
    java.util.Random random = new java.util.Random(5);
    for (int i = 0; i < 400; i++) {
      torrents.add(FleetFixtures.syntheticTorrent("t" + i, 64, random));
    }
    assertThat(torrents.stream().mapToInt(t -> t.length).sum()).isGreaterThan(400 * 1024);
    try (FleetNode node = FleetFixtures.node(tmp.resolve("node"), List.of()).awaitUp(Duration.ofSeconds(20))) {
      for (byte[] torrent : torrents) {
        node.add(torrent, 1, List.of("bulk")).toCompletableFuture().join();
      }
      Map<String, TorrentSpec> all = node.list().toCompletableFuture().join();
      assertThat(all).hasSize(400);
      assertThat(all.values()).allSatisfy(spec -> {
        assertThat(spec.getMetainfo().isEmpty()).isTrue();
        assertThat(spec.getName()).startsWith("t");
        assertThat(spec.getTotalLength()).isEqualTo(64L * 16 * 1024);
        assertThat(spec.getOrigin()).isEqualTo(node.clusterAddress().toString());
      });
      assertThat(tmp.resolve("node").resolve("metainfo")).isDirectoryContaining("glob:**.torrent");
      InfoHash last = io.seedfleet.engine.metainfo.Metainfo.parse(torrents.get(399)).infoHash();
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
          .until(() -> stateOf(node, last, 0) == TorrentStatus.State.DOWNLOADING);
    }

    FleetFixtures.Content first = FleetFixtures.content(tmp, 1L << 20, 31);
    FleetFixtures.Content second = FleetFixtures.content(tmp, 1L << 20, 32);
    try (FleetNode node = FleetFixtures.node(tmp.resolve("small"), List.of(),
        "seedfleet.fleet.catalogue-max-bytes = 200").awaitUp(Duration.ofSeconds(20))) {
      node.add(first.torrent(), 1, List.of()).toCompletableFuture().join();
      // The guard is per bucket (ADR 0015): a bigger entry of the same torrent outgrows its bucket.
      FleetNode.AddOptions manyLabels = new FleetNode.AddOptions(1, List.of("x".repeat(300)), false, null);
      assertThatThrownBy(() -> node.add(first.torrent(), manyLabels).toCompletableFuture().join())
          .hasCauseInstanceOf(Catalogue.CatalogueFullException.class)
          .hasMessageContaining("catalogue-max-bytes");
      assertThat(node.list().toCompletableFuture().join()).containsOnlyKeys(first.hex());
      assertThat(node.get(first.metainfo().infoHash()).toCompletableFuture().join().orElseThrow().getLabelsList())
          .as("the refused write left the entry as it was").isEmpty();

      TorrentSpec mismatched = TorrentSpec.newBuilder().setInfoHash(com.google.protobuf.ByteString.copyFrom(new byte[20]))
          .setMetainfo(com.google.protobuf.ByteString.copyFrom(second.torrent())).setReplicas(1).build();
      assertThatThrownBy(() -> node.add(mismatched)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not the spec's info-hash");
      assertThatThrownBy(() -> node.add(mismatched.toBuilder().setReplicas(0).build()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("replicas must be");
      assertThatThrownBy(() -> node.add(mismatched.toBuilder().clearMetainfo().build()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metainfo");
      assertThatThrownBy(() -> node.add(new byte[] {'d', 'e'}, 1, List.of()))
          .isInstanceOf(io.seedfleet.engine.metainfo.MetainfoException.class);
    }
  }

  @Test
  void withMinMembersTwoALoneNodeWaitsUntilASecondJoins(@TempDir Path tmp) throws Exception {
    FleetSettings waiting = FleetSettings.fromConfig(com.typesafe.config.ConfigFactory.parseString(
        "seedfleet.fleet { min-members = 2, cluster-port = 0, bt-port = 0, data-dir = \"" + tmp.resolve("a") + "\" }"));
    assertThat(waiting.toConfig().getInt("pekko.cluster.min-nr-of-members")).isEqualTo(2);
    try (FleetNode a = FleetNode.start(waiting)) {
      Thread.sleep(3_000); // long enough for a lone founder to be moved to Up if nothing held it back
      assertThat(a.members()).singleElement().extracting(FleetNode.MemberInfo::status).isEqualTo("Joining");
      try (FleetNode b = FleetNode.start(waiting.withDataDir(tmp.resolve("b")).withSeedNodes(List.of(a.clusterHostPort())))) {
        a.awaitUp(Duration.ofSeconds(30));
        b.awaitUp(Duration.ofSeconds(30));
        assertThat(a.members()).hasSize(2).allSatisfy(m -> assertThat(m.status()).isEqualTo("Up"));
      }
    }
    assertThatThrownBy(() -> FleetSettings.fromConfig(com.typesafe.config.ConfigFactory.parseString(
        "seedfleet.fleet.min-members = 0"))).hasMessageContaining("min-members");
  }

  private static TorrentStatus.State stateOf(FleetNode node, InfoHash infoHash, int replica) {
    List<TorrentStatus> all = node.status(infoHash).toCompletableFuture().join();
    return all.size() > replica ? all.get(replica).getState() : TorrentStatus.State.UNKNOWN;
  }

  private static io.seedfleet.engine.torrent.TorrentStatus engineStatus(FleetNode node, InfoHash infoHash) {
    TestProbe<Map<InfoHash, org.apache.pekko.actor.typed.ActorRef<io.seedfleet.engine.torrent.Torrent.Command>>> torrents =
        TestProbe.create(node.system());
    node.session().tell(new io.seedfleet.engine.session.Session.GetTorrents(torrents.ref()));
    TestProbe<io.seedfleet.engine.torrent.TorrentStatus> status = TestProbe.create(node.system());
    torrents.receiveMessage(Duration.ofSeconds(5)).get(infoHash)
        .tell(new io.seedfleet.engine.torrent.Torrent.GetStatus(status.ref()));
    return status.receiveMessage(Duration.ofSeconds(5));
  }
}
