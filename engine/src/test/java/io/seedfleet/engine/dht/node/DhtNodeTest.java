package io.seedfleet.engine.dht.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seedfleet.engine.bencode.BBytes;
import io.seedfleet.engine.dht.KrpcCodec;
import io.seedfleet.engine.dht.KrpcMessage;
import io.seedfleet.engine.dht.NodeId;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Several of our nodes on loopback: joining, announcing and finding peers, persistence, hostile packets. */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
class DhtNodeTest {
  @JUnit5TestKit public ActorTestKit testKit = new JUnit5TestKitBuilder().build();

  @TempDir Path tmp;
  private final Random random = new Random();

  private DhtNode.Stats stats(ActorRef<DhtNode.Command> node) {
    TestProbe<DhtNode.Stats> probe = testKit.createTestProbe();
    node.tell(new DhtNode.GetStats(probe.ref()));
    return probe.receiveMessage(Duration.ofSeconds(5));
  }

  private ActorRef<DhtNode.Command> start(List<InetSocketAddress> bootstrap, Path stateFile) {
    return testKit.spawn(DhtNode.create(DhtConfig.loopback(bootstrap, stateFile)));
  }

  @Test
  void aSmallNetworkJoinsAndFindsAnAnnouncedPeer() {
    ActorRef<DhtNode.Command> router = start(List.of(), null);
    List<InetSocketAddress> entry = List.of(stats(router).localAddress());
    List<ActorRef<DhtNode.Command>> nodes = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      nodes.add(start(entry, null));
    }
    for (ActorRef<DhtNode.Command> node : nodes) {
      await().atMost(Duration.ofSeconds(20)).until(() -> stats(node).tableSize() >= 3);
    }
    byte[] infoHash = NodeId.random(random).bytes();
    nodes.get(0).tell(new DhtNode.Announce(infoHash, 7777));
    InetSocketAddress expected = new InetSocketAddress("127.0.0.1", 7777);
    TestProbe<DhtNode.PeersFound> probe = testKit.createTestProbe();
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      nodes.get(5).tell(new DhtNode.GetPeers(infoHash, probe.ref()));
      List<InetSocketAddress> found = new ArrayList<>();
      DhtNode.PeersFound m;
      do {
        m = probe.receiveMessage(Duration.ofSeconds(10));
        assertThat(m.infoHash()).isEqualTo(infoHash);
        found.addAll(m.peers());
      } while (!m.done());
      return found.contains(expected);
    });
    DhtNode.Stats s = stats(nodes.get(5));
    assertThat(s.queriesOut()).isPositive();
    assertThat(s.responsesIn()).isPositive();
  }

  @Test
  void routingTableIsSavedOnStopAndReloaded() {
    ActorRef<DhtNode.Command> other = start(List.of(), null);
    Path state = tmp.resolve("dht.state");
    ActorRef<DhtNode.Command> node = start(List.of(stats(other).localAddress()), state);
    await().atMost(Duration.ofSeconds(10)).until(() -> stats(node).tableSize() >= 1);
    String id = stats(node).nodeId();
    node.tell(DhtNode.Stop.INSTANCE);
    testKit.createTestProbe().expectTerminated(node, Duration.ofSeconds(5));
    assertThat(state).isRegularFile();

    ActorRef<DhtNode.Command> again = start(List.of(), state);
    DhtNode.Stats reloaded = stats(again);
    assertThat(reloaded.nodeId()).isEqualTo(id);
    assertThat(reloaded.tableSize()).isEqualTo(1);
  }

  @Test
  void aCorruptStateFileIsIgnored() throws Exception {
    Path state = tmp.resolve("bad.state");
    Files.write(state, "d2:id3:abce".getBytes());
    ActorRef<DhtNode.Command> node = start(List.of(), state);
    assertThat(stats(node).tableSize()).isZero();
    node.tell(DhtNode.Stop.INSTANCE);
    testKit.createTestProbe().expectTerminated(node, Duration.ofSeconds(5));
    assertThat(Files.readAllBytes(state)).startsWith("d2:id20:".getBytes());
  }

  @Test
  void garbageAndOversizedPacketsAreDroppedAndPingsStillAnswered() throws Exception {
    ActorRef<DhtNode.Command> node = start(List.of(), null);
    InetSocketAddress address = stats(node).localAddress();
    try (DatagramChannel client = DatagramChannel.open()) {
      client.bind(new InetSocketAddress("127.0.0.1", 0));
      client.send(ByteBuffer.wrap("not bencode".getBytes()), address);
      client.send(ByteBuffer.wrap(new byte[KrpcCodec.MAX_PACKET + 100]), address);
      client.send(ByteBuffer.wrap("d1:t2:aa1:y1:ze".getBytes()), address);
      NodeId me = NodeId.random(random);
      client.send(ByteBuffer.wrap(KrpcCodec.encode(new KrpcMessage.Ping(BBytes.of("pp"), me, false))), address);
      ByteBuffer in = ByteBuffer.allocate(2048);
      client.receive(in);
      KrpcMessage answer = KrpcCodec.decode(in.array(), 0, in.position());
      assertThat(answer).isInstanceOf(KrpcMessage.Response.class);
      assertThat(answer.transactionId()).isEqualTo(BBytes.of("pp"));
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> stats(node).droppedPackets() >= 3);
    assertThat(stats(node).queriesIn()).isEqualTo(1);
  }

  @Test
  void aFloodingAddressIsCutOff() throws Exception {
    ActorRef<DhtNode.Command> node = start(List.of(), null);
    InetSocketAddress address = stats(node).localAddress();
    try (DatagramChannel client = DatagramChannel.open()) {
      client.bind(new InetSocketAddress("127.0.0.1", 0));
      NodeId me = NodeId.random(random);
      for (int i = 0; i < 200; i++) {
        client.send(ByteBuffer.wrap(KrpcCodec.encode(new KrpcMessage.Ping(BBytes.of("p" + i), me, false))), address);
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> stats(node).droppedPackets() >= 150);
      // Blocked for 300 s from the first excess packet, however slowly the flood was sent.
      assertThat(stats(node).queriesIn()).isLessThan(50);
    }
  }

  @Test
  void aLyingRouterCannotTurnUsIntoAFloodAgainstAVictim() throws Exception {
    try (DatagramChannel liar = DatagramChannel.open(); DatagramChannel victim = DatagramChannel.open()) {
      liar.bind(new InetSocketAddress("127.0.0.1", 0));
      victim.bind(new InetSocketAddress("127.0.0.1", 0));
      victim.configureBlocking(false);
      InetSocketAddress victimAddress = (InetSocketAddress) victim.getLocalAddress();
      ActorRef<DhtNode.Command> node = start(List.of((InetSocketAddress) liar.getLocalAddress()), null);
      // Every answer names 16 "nodes", all at the victim's address.
      Thread.ofPlatform().daemon().start(() -> {
        ByteBuffer in = ByteBuffer.allocate(4096);
        try {
          while (liar.isOpen()) {
            in.clear();
            InetSocketAddress from = (InetSocketAddress) liar.receive(in);
            KrpcMessage query = KrpcCodec.decode(in.array(), 0, in.position());
            List<io.seedfleet.engine.dht.Contact> fakes = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
              fakes.add(new io.seedfleet.engine.dht.Contact(NodeId.random(random), victimAddress));
            }
            liar.send(ByteBuffer.wrap(KrpcCodec.encode(new KrpcMessage.Response(query.transactionId(),
                NodeId.random(random), fakes, List.of(), BBytes.of("tok"), null))), from);
          }
        } catch (Exception e) {
          // closed at the end of the test
        }
      });
      TestProbe<DhtNode.PeersFound> probe = testKit.createTestProbe();
      for (int i = 0; i < 3; i++) {
        node.tell(new DhtNode.GetPeers(NodeId.random(random).bytes(), probe.ref()));
        while (!probe.receiveMessage(Duration.ofSeconds(30)).done()) {
          // drain
        }
      }
      int packets = 0;
      ByteBuffer in = ByteBuffer.allocate(4096);
      while (victim.receive(in) != null) {
        packets++;
        in.clear();
      }
      // One query per lookup at most (an address is a candidate once), plus the bootstrap lookup.
      assertThat(packets).isBetween(1, 4);
    }
  }
}
