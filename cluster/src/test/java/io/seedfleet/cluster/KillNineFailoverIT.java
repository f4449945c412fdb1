package io.seedfleet.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.proto.cluster.v1.TorrentStatus;
import io.seedfleet.testing.ExternalProcess;
import io.seedfleet.testing.TestContent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RELIABILITY F1/F19: a node in its own JVM is killed with SIGKILL; its replicas are re-homed and complete. */
class KillNineFailoverIT {

  private static boolean settled(List<TorrentStatus> replicas) {
    return replicas.size() == 2
        && replicas.stream().allMatch(r -> r.getState() == TorrentStatus.State.SEEDING)
        && replicas.stream().map(TorrentStatus::getNode).distinct().count() == 2;
  }

  /** Whether {@code condition} holds within {@code limit}, polled every half second. */
  private static boolean within(Duration limit, java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      Thread.sleep(500);
    }
    return condition.getAsBoolean();
  }

  @Test
  void replicasOfAKilledNodeAreRehomedAndComplete(@TempDir Path tmp) throws Exception {
    List<FleetNode> nodes = new ArrayList<>();
    ExternalProcess external = null;
    try {
      FleetNode a = FleetFixtures.node(tmp.resolve("a"), List.of()).awaitUp(Duration.ofSeconds(20));
      nodes.add(a);
      FleetNode b = FleetFixtures.node(tmp.resolve("b"), List.of(a.clusterHostPort()));
      nodes.add(b);
      List<String> command = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "--add-opens", "java.base/java.nio=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
          "--enable-native-access=ALL-UNNAMED",
          "-cp", System.getProperty("java.class.path"), FleetNodeMain.class.getName(),
          tmp.resolve("x").toString(), a.clusterHostPort()));
      external = ExternalProcess.start("fleet-node-x", command, tmp);
      String up = external.awaitLine(l -> l.startsWith("FLEET-NODE-UP "), Duration.ofSeconds(90));
      assertThat(up).as("external node output:\n%s", external.output()).isNotNull();
      String killed = up.substring("FLEET-NODE-UP ".length()).trim();
      b.awaitUp(Duration.ofSeconds(30));

      // Torrents with two replicas each until some land on the external node: shards placed while
      // it was still joining reach it only by rebalancing, which may take a while or not happen for
      // a handful of shards, so more torrents are added (up to 18) rather than waiting for it.
      List<InfoHash> torrents = new ArrayList<>();
      Map<InfoHash, FleetFixtures.Content> contents = new HashMap<>();
      for (int round = 0; round < 3; round++) {
        for (int i = 0; i < 6; i++) {
          int n = round * 6 + i;
          FleetFixtures.Content content = FleetFixtures.content(tmp, 1L << 20, 300 + n);
          a.addExternalSource(content.metainfo().infoHash(), FleetFixtures.publisher(a, content, "publisher-" + n));
          a.add(content.torrent(), 2, List.of()).toCompletableFuture().join();
          torrents.add(content.metainfo().infoHash());
          contents.put(content.metainfo().infoHash(), content);
        }
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
            .until(() -> torrents.stream().allMatch(t -> settled(a.status(t).toCompletableFuture().join())));
        boolean onExternal = within(Duration.ofSeconds(30), () -> torrents.stream()
            .anyMatch(t -> a.status(t).toCompletableFuture().join().stream().anyMatch(r -> r.getNode().equals(killed))));
        if (onExternal) {
          break;
        }
      }
      List<InfoHash> onKilled = torrents.stream().filter(t -> a.status(t).toCompletableFuture().join().stream()
          .anyMatch(r -> r.getNode().equals(killed))).toList();
      assertThat(onKilled).as("replicas on the external node").isNotEmpty();

      long killedAt = System.nanoTime();
      external.killHard();
      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> torrents.stream()
          .allMatch(t -> {
            List<TorrentStatus> now = a.status(t).toCompletableFuture().join();
            return settled(now) && now.stream().noneMatch(r -> r.getNode().equals(killed));
          }));
      Duration failover = Duration.ofNanos(System.nanoTime() - killedAt);
      System.out.println("KILL-9 FAILOVER: " + onKilled.size() + " replicas re-homed and complete "
          + failover.toMillis() + " ms after SIGKILL");
      Map<String, Path> dirs = Map.of(a.clusterAddress().toString(), a.dataDir(), b.clusterAddress().toString(), b.dataDir());
      for (InfoHash t : onKilled) {
        for (TorrentStatus replica : a.status(t).toCompletableFuture().join()) {
          TestContent.assertTreesIdentical(contents.get(t).file().getParent(),
              FleetFixtures.replicaFile(dirs.get(replica.getNode()), contents.get(t)).getParent());
        }
      }
      assertThat(failover).isLessThan(Duration.ofSeconds(60));
    } finally {
      if (external != null) {
        external.close();
      }
      nodes.forEach(n -> n.system().terminate());
      nodes.forEach(n -> n.system().getWhenTerminated().toCompletableFuture().join());
    }
  }
}
