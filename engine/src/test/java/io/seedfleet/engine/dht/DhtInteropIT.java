package io.seedfleet.engine.dht;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seedfleet.engine.dht.node.DhtConfig;
import io.seedfleet.engine.dht.node.DhtNode;
import io.seedfleet.testing.LibtorrentDhtNode;
import io.seedfleet.testing.LibtorrentPeer;
import io.seedfleet.testing.TestContent;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our DHT nodes and libtorrent's (python3-libtorrent 2.0) in one private DHT on 127.0.0.1: a
 * libtorrent seeder's announce is found by our get_peers, and our announce is found by libtorrent's.
 * Fails, never skips, when libtorrent is missing.
 */
@Tag("interop")
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
class DhtInteropIT {
  @JUnit5TestKit public ActorTestKit testKit = new JUnit5TestKitBuilder().build();

  @TempDir Path tmp;
  private final List<LibtorrentDhtNode> libtorrents = new ArrayList<>();

  @AfterEach
  void stopLibtorrent() throws InterruptedException {
    for (LibtorrentDhtNode lt : libtorrents) {
      lt.close();
    }
  }

  private ActorRef<DhtNode.Command> ourNode(List<InetSocketAddress> bootstrap) {
    return testKit.spawn(DhtNode.create(DhtConfig.loopback(bootstrap, null)));
  }

  private DhtNode.Stats stats(ActorRef<DhtNode.Command> node) {
    TestProbe<DhtNode.Stats> probe = testKit.createTestProbe();
    node.tell(new DhtNode.GetStats(probe.ref()));
    return probe.receiveMessage(Duration.ofSeconds(5));
  }

  private LibtorrentDhtNode track(LibtorrentDhtNode lt) {
    libtorrents.add(lt);
    return lt;
  }

  /** Runs get_peers lookups until one reports {@code peer}. */
  private void awaitOurLookupFinds(ActorRef<DhtNode.Command> node, byte[] infoHash, InetSocketAddress peer) {
    TestProbe<DhtNode.PeersFound> probe = testKit.createTestProbe();
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
      node.tell(new DhtNode.GetPeers(infoHash, probe.ref()));
      List<InetSocketAddress> found = new ArrayList<>();
      DhtNode.PeersFound m;
      do {
        m = probe.receiveMessage(Duration.ofSeconds(70));
        found.addAll(m.peers());
      } while (!m.done());
      return found.contains(peer);
    });
  }

  @Test
  void ourGetPeersFindsALibtorrentSeederThatAnnounced() throws Exception {
    Path content = tmp.resolve("seed").resolve("data.bin");
    TestContent.singleFile(content, 300_000, 3);
    Path torrent = tmp.resolve("data.torrent");
    LibtorrentPeer.makeTorrent(content, torrent, 16 * 1024, true);

    ActorRef<DhtNode.Command> router = ourNode(List.of());
    InetSocketAddress routerAddress = stats(router).localAddress();
    LibtorrentDhtNode seeder = track(LibtorrentDhtNode.seed(torrent, content.getParent(), List.of(routerAddress)));
    assertThat(seeder.infoHash()).as(seeder.output()).isNotNull();
    LibtorrentDhtNode other = track(LibtorrentDhtNode.start(List.of(routerAddress)));
    seeder.addNode(other.address());
    other.addNode(seeder.address());

    ActorRef<DhtNode.Command> searcher = ourNode(List.of(routerAddress));
    await().atMost(Duration.ofSeconds(30)).until(() -> stats(searcher).tableSize() >= 2);
    awaitOurLookupFinds(searcher, HexFormat.of().parseHex(seeder.infoHash()), seeder.address());
    assertThat(stats(router).storedTorrents()).as("the seeder's announce_peer was accepted").isGreaterThanOrEqualTo(1);
  }

  @Test
  void libtorrentFindsWhatOurNodeAnnounced() throws Exception {
    ActorRef<DhtNode.Command> router = ourNode(List.of());
    InetSocketAddress routerAddress = stats(router).localAddress();
    LibtorrentDhtNode first = track(LibtorrentDhtNode.start(List.of(routerAddress)));
    LibtorrentDhtNode second = track(LibtorrentDhtNode.start(List.of(routerAddress)));
    first.addNode(second.address());
    second.addNode(first.address());

    ActorRef<DhtNode.Command> announcer = ourNode(List.of(routerAddress));
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
        .until(() -> stats(announcer).tableSize() >= 3);
    byte[] infoHash = new byte[20];
    new Random().nextBytes(infoHash);
    String hex = HexFormat.of().formatHex(infoHash);
    InetSocketAddress advertised = new InetSocketAddress("127.0.0.1", 45678);

    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(3)).until(() -> {
      announcer.tell(new DhtNode.Announce(infoHash, advertised.getPort()));
      second.getPeers(hex);
      return second.awaitPeer(hex, advertised, Duration.ofSeconds(3));
    });
  }

  @Test
  void libtorrentStoresOurAnnounce() throws Exception {
    // Only libtorrent nodes can hold the announce here: the announcer is our only node.
    LibtorrentDhtNode first = track(LibtorrentDhtNode.start(List.of()));
    LibtorrentDhtNode second = track(LibtorrentDhtNode.start(List.of(first.address())));
    second.addNode(first.address());
    first.addNode(second.address());
    ActorRef<DhtNode.Command> announcer = ourNode(List.of(first.address(), second.address()));
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
        .until(() -> stats(announcer).tableSize() >= 2);
    byte[] infoHash = new byte[20];
    new Random().nextBytes(infoHash);
    String hex = HexFormat.of().formatHex(infoHash);
    InetSocketAddress advertised = new InetSocketAddress("127.0.0.1", 45679);

    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(3)).until(() -> {
      announcer.tell(new DhtNode.Announce(infoHash, advertised.getPort()));
      first.getPeers(hex);
      return first.awaitPeer(hex, advertised, Duration.ofSeconds(3));
    });
  }
}
