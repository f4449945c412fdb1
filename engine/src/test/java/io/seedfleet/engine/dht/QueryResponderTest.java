package io.seedfleet.engine.dht;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedfleet.engine.bencode.BBytes;
import io.seedfleet.engine.dht.KrpcMessage.AnnouncePeer;
import io.seedfleet.engine.dht.KrpcMessage.Response;
import java.net.InetSocketAddress;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QueryResponderTest {
  private final Random random = new Random(5);
  private final NodeId own = NodeId.random(random);
  private final RoutingTable table = new RoutingTable(own, 0);
  private final QueryResponder responder =
      new QueryResponder(table, new TokenManager(random, 0), new PeerStore(10, 10), random);
  private final NodeId querier = NodeId.random(random);
  private final NodeId infoHash = NodeId.random(random);
  private final InetSocketAddress from = new InetSocketAddress("10.4.4.4", 7000);
  private final BBytes t = BBytes.of("t1");

  @Test
  void getPeersGivesATokenThatAnnounceAccepts() {
    for (int i = 0; i < 20; i++) {
      table.heardFrom(new Contact(NodeId.random(random), new InetSocketAddress("10.5.5.5", 100 + i)), true, 0);
    }
    Response first = (Response) responder.answer(new KrpcMessage.GetPeers(t, querier, infoHash, false), from, 0);
    assertThat(first.values()).isEmpty();
    assertThat(first.nodes()).hasSize(RoutingTable.K);
    assertThat(first.token()).isNotNull();

    KrpcMessage ok = responder.answer(new AnnouncePeer(t, querier, infoHash, 6881, first.token(), false, false), from, 0);
    assertThat(ok).isInstanceOf(Response.class);
    KrpcMessage implied = responder.answer(
        new AnnouncePeer(t, querier, infoHash, 0, first.token(), true, false), from, 0);
    assertThat(implied).isInstanceOf(Response.class);

    Response second = (Response) responder.answer(new KrpcMessage.GetPeers(t, querier, infoHash, false), from, 1);
    assertThat(second.values()).containsExactlyInAnyOrder(new InetSocketAddress("10.4.4.4", 6881), from);
  }

  @Test
  void announceWithABadTokenOrFromAnotherIpIsRefused() {
    Response r = (Response) responder.answer(new KrpcMessage.GetPeers(t, querier, infoHash, false), from, 0);
    KrpcMessage forged = responder.answer(new AnnouncePeer(t, querier, infoHash, 6881, BBytes.of("nope"), false, false),
        from, 0);
    assertThat(forged).isInstanceOf(KrpcMessage.Error.class)
        .extracting(e -> ((KrpcMessage.Error) e).code()).isEqualTo(KrpcMessage.Error.PROTOCOL);
    KrpcMessage elsewhere = responder.answer(new AnnouncePeer(t, querier, infoHash, 6881, r.token(), false, false),
        new InetSocketAddress("10.4.4.5", 7000), 0);
    assertThat(elsewhere).isInstanceOf(KrpcMessage.Error.class);
  }

  @Test
  void unknownMethodIsError204AndPingEchoesOurId() {
    KrpcMessage e = responder.answer(new KrpcMessage.UnknownQuery(t, querier, "vote", false), from, 0);
    assertThat(((KrpcMessage.Error) e).code()).isEqualTo(204);
    Response pong = (Response) responder.answer(new KrpcMessage.Ping(t, querier, false), from, 0);
    assertThat(pong.sender()).isEqualTo(own);
    assertThat(pong.transactionId()).isEqualTo(t);
    assertThat(pong.externalAddress()).isEqualTo(from);
  }

  @Test
  void snapshotRoundTripsAndRejectsGarbage() throws Exception {
    table.heardFrom(new Contact(NodeId.random(random), new InetSocketAddress("10.6.6.6", 6)), true, 0);
    RoutingTableSnapshot s = new RoutingTableSnapshot(own, table.goodNodes(0));
    assertThat(RoutingTableSnapshot.decode(s.encode())).isEqualTo(s);
    byte[] truncated = java.util.Arrays.copyOf(s.encode(), 30);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RoutingTableSnapshot.decode(truncated))
        .isInstanceOf(KrpcException.class);
  }
}
