package io.seedfleet.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seedfleet.cluster.placement.ReplicaPlacement;
import io.seedfleet.cluster.sharding.ReplicaId;
import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.proto.cluster.v1.TorrentSpec;
import io.seedfleet.proto.cluster.v1.TorrentStatus;
import io.seedfleet.testing.TestContent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three nodes on loopback: replicas download from a publisher, survive a crash and a full restart. */
class FleetReplicationIT {

  private final List<FleetNode> nodes = new ArrayList<>();

  @AfterEach
  void stopAll() {
    nodes.forEach(n -> n.system().terminate());
    nodes.forEach(n -> n.system().getWhenTerminated().toCompletableFuture().join());
  }

  private FleetNode start(Path dataDir, List<String> seeds) {
    FleetNode node = FleetFixtures.node(dataDir, seeds);
    nodes.add(node);
    return node;
  }

  private static List<TorrentStatus> status(FleetNode via, InfoHash infoHash) {
    return via.status(infoHash).toCompletableFuture().join();
  }

  private static boolean allSeedingOnDistinctNodes(List<TorrentStatus> replicas, int expected) {
    return replicas.size() == expected
        && replicas.stream().allMatch(r -> r.getState() == TorrentStatus.State.SEEDING)
        && replicas.stream().map(TorrentStatus::getNode).distinct().count() == expected;
  }

  @Test
  void replicasDownloadFromThePublisherSurviveANodeCrashAndAFullRestart(@TempDir Path tmp) throws Exception {
    FleetFixtures.Content content = FleetFixtures.content(tmp, 4L << 20, 21);
    InfoHash infoHash = content.metainfo().infoHash();
    Map<String, Path> dataDirs = new HashMap<>();
    FleetNode a = start(tmp.resolve("a"), List.of()).awaitUp(Duration.ofSeconds(20));
    FleetNode b = start(tmp.resolve("b"), List.of(a.clusterHostPort()));
    FleetNode c = start(tmp.resolve("c"), List.of(a.clusterHostPort()));
    for (FleetNode n : List.of(a, b, c)) {
      n.awaitUp(Duration.ofSeconds(30));
      dataDirs.put(n.clusterAddress().toString(), n.dataDir());
    }
    a.addExternalSource(infoHash, FleetFixtures.publisher(a, content));

    // (b) two replicas on two different nodes download the whole torrent.
    a.add(content.torrent(), 2, List.of()).toCompletableFuture().join();
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
        .until(() -> allSeedingOnDistinctNodes(status(a, infoHash), 2));
    for (TorrentStatus replica : status(a, infoHash)) {
      assertThat(replica.getPiecesVerified()).isEqualTo(content.metainfo().pieceCount());
      TestContent.assertTreesIdentical(content.file().getParent(),
          FleetFixtures.replicaFile(dataDirs.get(replica.getNode()), content).getParent());
    }
    assertThat(a.holders(infoHash).toCompletableFuture().join()).hasSize(3); // two replicas + the publisher

    // (c) crash a node holding a replica (not a, which runs the publisher): the replica moves to the survivor.
    Set<String> before = status(a, infoHash).stream().map(TorrentStatus::getNode).collect(Collectors.toSet());
    FleetNode victim = before.contains(b.clusterAddress().toString()) ? b : c;
    FleetNode survivor = victim == b ? c : b;
    String victimAddress = victim.clusterAddress().toString();
    long crashedAt = System.nanoTime();
    victim.system().terminate();
    victim.system().getWhenTerminated().toCompletableFuture().join();
    nodes.remove(victim);
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
      List<TorrentStatus> now = status(a, infoHash);
      return allSeedingOnDistinctNodes(now, 2) && now.stream().noneMatch(r -> r.getNode().equals(victimAddress));
    });
    Duration failover = Duration.ofNanos(System.nanoTime() - crashedAt);
    System.out.println("FAILOVER: replica re-homed and complete " + failover.toMillis() + " ms after the crash");
    assertThat(status(a, infoHash)).extracting(TorrentStatus::getNode)
        .contains(survivor.clusterAddress().toString());
    assertThat(failover).isLessThan(Duration.ofSeconds(45));

    // (d) stop every node, start them again on the same data dirs: the catalogue and replicas come back.
    Path aDir = a.dataDir();
    Path survivorDir = survivor.dataDir();
    Path victimDir = victim.dataDir();
    stopAll();
    nodes.clear();
    FleetNode a2 = start(aDir, List.of()).awaitUp(Duration.ofSeconds(20));
    FleetNode s2 = start(survivorDir, List.of(a2.clusterHostPort()));
    FleetNode v2 = start(victimDir, List.of(a2.clusterHostPort()));
    s2.awaitUp(Duration.ofSeconds(30));
    v2.awaitUp(Duration.ofSeconds(30));
    TorrentSpec spec = a2.get(infoHash).toCompletableFuture().join().orElseThrow();
    assertThat(spec.getReplicas()).isEqualTo(2);
    assertThat(s2.list().toCompletableFuture().join()).containsKey(infoHash.hex());
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
        .until(() -> allSeedingOnDistinctNodes(status(a2, infoHash), 2));
    for (TorrentStatus replica : status(a2, infoHash)) {
      assertThat(replica.getPiecesVerified()).isEqualTo(content.metainfo().pieceCount());
      assertThat(replica.getBytesDownloaded()).as("re-downloaded on " + replica.getNode()).isZero();
    }
  }

  @Test
  void aJoiningNodeTakesItsShareOfShards(@TempDir Path tmp) throws Exception {
    FleetNode a = start(tmp.resolve("a"), List.of()).awaitUp(Duration.ofSeconds(20));
    FleetNode b = start(tmp.resolve("b"), List.of(a.clusterHostPort())).awaitUp(Duration.ofSeconds(30));
    List<InfoHash> torrents = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      FleetFixtures.Content content = FleetFixtures.content(tmp, 64 * 1024, 100 + i);
      a.add(content.torrent(), 1, List.of()).toCompletableFuture().join();
      torrents.add(content.metainfo().infoHash());
    }
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> torrents.stream()
        .allMatch(t -> status(a, t).get(0).getState() != TorrentStatus.State.STARTING));

    FleetNode d = start(tmp.resolve("d"), List.of(a.clusterHostPort())).awaitUp(Duration.ofSeconds(30));
    String joined = d.clusterAddress().toString();
    // Each torrent (one replica) belongs on the member that rendezvous hashing ranks first for its bucket.
    Map<String, String> keyToAddress = new HashMap<>();
    for (FleetNode n : List.of(a, b, d)) {
      keyToAddress.put(n.clusterHostPort(), n.clusterAddress().toString());
    }
    Map<InfoHash, String> expected = new HashMap<>();
    for (InfoHash t : torrents) {
      int bucket = ReplicaId.bucket(t, 64);
      String best = keyToAddress.keySet().stream()
          .max(Comparator.comparingLong((String k) -> ReplicaPlacement.weight(bucket, k))).orElseThrow();
      expected.put(t, keyToAddress.get(best));
    }
    assertThat(expected).containsValue(joined);
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> torrents.stream()
        .allMatch(t -> status(a, t).get(0).getNode().equals(expected.get(t))));
    Map<String, Long> perNode = torrents.stream()
        .collect(Collectors.groupingBy(t -> status(a, t).get(0).getNode(), Collectors.counting()));
    System.out.println("SHARES after join: " + perNode);
    assertThat(perNode).containsKey(joined);
  }
}
