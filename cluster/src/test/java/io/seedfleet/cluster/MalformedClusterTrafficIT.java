package io.seedfleet.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seedfleet.cluster.serialization.CorruptingFleetSerializer;
import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.proto.cluster.v1.TorrentStatus;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed traffic on a live fleet: a member whose fleet messages arrive corrupted (truncated,
 * bit-flipped, random) and a stranger writing garbage to the cluster port. The receiving node drops
 * what it cannot read, stays up, keeps its torrents, and talks normally once the sender is sane.
 */
class MalformedClusterTrafficIT {
  private final List<FleetNode> nodes = new ArrayList<>();

  @AfterEach
  void stopAll() {
    CorruptingFleetSerializer.corrupt = false;
    nodes.forEach(n -> n.system().terminate());
    nodes.forEach(n -> n.system().getWhenTerminated().toCompletableFuture().join());
  }

  @Test
  void corruptFleetMessagesAndGarbageAreDroppedAndNothingIsLost(@TempDir Path tmp) throws Exception {
    FleetFixtures.Content content = FleetFixtures.content(tmp, 2L << 20, 31);
    InfoHash infoHash = content.metainfo().infoHash();
    FleetFixtures.publishInto(tmp.resolve("a"), content);
    FleetNode a = start(FleetFixtures.node(tmp.resolve("a"), List.of())).awaitUp(Duration.ofSeconds(20));
    FleetNode faulty = start(FleetFixtures.node(tmp.resolve("b"), List.of(a.clusterHostPort()),
        "pekko.actor.serializers.seedfleet-fleet = \"" + CorruptingFleetSerializer.class.getName() + "\""))
        .awaitUp(Duration.ofSeconds(30));
    a.add(content.torrent(), 2, List.of()).toCompletableFuture().join();
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
        .until(() -> bothSeeding(faulty, infoHash));

    CorruptingFleetSerializer.corrupt = true;
    List<java.util.concurrent.CompletableFuture<List<TorrentStatus>>> asks = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      asks.add(faulty.status(infoHash).toCompletableFuture()); // asks that reach node a as garbage
    }
    writeGarbage(a.clusterHostPort());
    String onA = a.clusterAddress().toString();
    assertThat(asks).as("node a could not read a single corrupted ask, so it answered none").allSatisfy(ask ->
        assertThat(ask.join()).noneMatch(r -> r.getNode().equals(onA)));
    Thread.sleep(6_000); // three reconcile rounds of corrupt Ensure messages and catalogue gossip

    assertThat(a.members()).hasSize(2).allSatisfy(m -> {
      assertThat(m.status()).isEqualTo("Up");
      assertThat(m.reachable()).isTrue();
    });
    assertThat(a.get(infoHash).toCompletableFuture().join()).isPresent();
    assertThat(a.status(infoHash).toCompletableFuture().join())
        .filteredOn(r -> r.getNode().equals(a.clusterAddress().toString()))
        .singleElement().extracting(TorrentStatus::getState).isEqualTo(TorrentStatus.State.SEEDING);

    CorruptingFleetSerializer.corrupt = false;
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
        .until(() -> bothSeeding(faulty, infoHash));
  }

  private FleetNode start(FleetNode node) {
    nodes.add(node);
    return node;
  }

  private static boolean bothSeeding(FleetNode via, InfoHash infoHash) {
    List<TorrentStatus> replicas = via.status(infoHash).toCompletableFuture().join();
    return replicas.size() == 2 && replicas.stream().allMatch(r -> r.getState() == TorrentStatus.State.SEEDING)
        && replicas.stream().map(TorrentStatus::getNode).distinct().count() == 2;
  }

  /** What a port scanner or a confused client sends: random bytes, and a huge length prefix. */
  private static void writeGarbage(String hostPort) throws Exception {
    int colon = hostPort.lastIndexOf(':');
    InetSocketAddress address = new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    Random random = new Random(3);
    for (int i = 0; i < 5; i++) {
      try (Socket socket = new Socket()) {
        socket.connect(address, 2_000);
        OutputStream out = socket.getOutputStream();
        byte[] junk = new byte[4096];
        random.nextBytes(junk);
        if (i == 0) { // Artery's TCP magic and stream id, then one 64-byte frame of junk
          out.write(new byte[] {'A', 'K', 'K', 'A', 1, 64, 0, 0, 0});
          out.write(junk, 0, 64);
        } else {
          out.write(junk);
        }
        out.flush();
      } catch (java.io.IOException closedByPeer) {
        // the node may hang up mid-write: that is the point
      }
    }
  }
}
