package io.seedfleet.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.proto.cluster.v1.TorrentStatus;
import io.seedfleet.testing.LibtorrentPeer;
import io.seedfleet.testing.SmallDisk;
import io.seedfleet.testing.TestContent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node whose data volume is full (a real 3 MiB tmpfs under its torrents directory): its replica
 * reports the disk error, the other node keeps seeding to libtorrent, nothing in the catalogue is
 * lost, and once the volume grows the replica finishes by itself.
 */
class FleetDiskFullIT {
  private final List<FleetNode> nodes = new ArrayList<>();
  private SmallDisk disk;

  @AfterEach
  void stopAll() throws Exception {
    nodes.forEach(n -> n.system().terminate());
    nodes.forEach(n -> n.system().getWhenTerminated().toCompletableFuture().join());
    if (disk != null) {
      disk.close();
    }
  }

  @Test
  void aFullNodeReportsItAndTheFleetGoesOn(@TempDir Path tmp) throws Exception {
    FleetFixtures.Content content = FleetFixtures.content(tmp, 6L << 20, 61);
    InfoHash infoHash = content.metainfo().infoHash();
    FleetFixtures.publishInto(tmp.resolve("a"), content);
    disk = SmallDisk.mount(tmp.resolve("b").resolve("torrents"), 3L << 20);
    FleetNode a = start(FleetFixtures.node(tmp.resolve("a"), List.of())).awaitUp(Duration.ofSeconds(20));
    FleetNode b = start(FleetFixtures.node(tmp.resolve("b"), List.of(a.clusterHostPort()))).awaitUp(Duration.ofSeconds(30));
    a.add(content.torrent(), 2, List.of()).toCompletableFuture().join();

    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
      TorrentStatus onB = replicaOn(a, b, infoHash);
      return onB != null && onB.getState() == TorrentStatus.State.ERROR && replicaOn(a, a, infoHash) != null
          && replicaOn(a, a, infoHash).getState() == TorrentStatus.State.SEEDING;
    });
    assertThat(replicaOn(a, b, infoHash).getError()).contains("disk full");
    assertThat(a.members()).hasSize(2).allSatisfy(m -> assertThat(m.status()).isEqualTo("Up"));
    assertThat(b.get(infoHash).toCompletableFuture().join()).isPresent();

    Path torrentFile = Files.write(tmp.resolve("fleet.torrent"), content.torrent());
    try (LibtorrentPeer leecher = LibtorrentPeer.leech(torrentFile, tmp.resolve("lt"), List.of(a.btAddress()))) {
      assertThat(leecher.awaitFinished(Duration.ofSeconds(90))).as(leecher.output()).isTrue();
    }
    TestContent.assertTreesIdentical(content.file().getParent(), tmp.resolve("lt"));

    disk.resize(16L << 20);
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
        .until(() -> replicaOn(a, b, infoHash).getState() == TorrentStatus.State.SEEDING);
    assertThat(replicaOn(a, b, infoHash).getPiecesVerified()).isEqualTo(content.metainfo().pieceCount());
  }

  private FleetNode start(FleetNode node) {
    nodes.add(node);
    return node;
  }

  private static TorrentStatus replicaOn(FleetNode via, FleetNode holder, InfoHash infoHash) {
    return via.status(infoHash).toCompletableFuture().join().stream()
        .filter(r -> r.getNode().equals(holder.clusterAddress().toString())).findFirst().orElse(null);
  }
}
