package io.seedfleet.engine.dht;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seedfleet.engine.bencode.BBytes;
import io.seedfleet.engine.dht.KrpcMessage.AnnouncePeer;
import io.seedfleet.engine.dht.KrpcMessage.FindNode;
import io.seedfleet.engine.dht.KrpcMessage.GetPeers;
import io.seedfleet.engine.dht.KrpcMessage.Ping;
import io.seedfleet.engine.dht.KrpcMessage.Response;
import io.seedfleet.engine.dht.KrpcMessage.UnknownQuery;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KrpcCodecTest {
  private static final String ID = "abcdefghij0123456789";
  private static final NodeId NODE = NodeId.of(ID.getBytes(StandardCharsets.US_ASCII));
  private static final BBytes AA = BBytes.of("aa");

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void decodesTheBep5PingExample() throws Exception {
    // d 1:a d 2:id 20:<id> e 1:q 4:ping 1:t 2:aa 1:y 1:q e
    KrpcMessage m = KrpcCodec.decode(ascii("d1:ad2:id20:" + ID + "e1:q4:ping1:t2:aa1:y1:qe"));
    assertThat(m).isEqualTo(new Ping(AA, NODE, false));
    assertThat(KrpcCodec.encode(m)).isEqualTo(ascii("d1:ad2:id20:" + ID + "e1:q4:ping1:t2:aa1:y1:qe"));
  }

  @Test
  void decodesFindNodeGetPeersAndAnnounce() throws Exception {
    assertThat(KrpcCodec.decode(ascii("d1:ad2:id20:" + ID + "6:target20:mnopqrstuvwxyz123456e1:q9:find_node1:t2:aa1:y1:qe")))
        .isEqualTo(new FindNode(AA, NODE, NodeId.of(ascii("mnopqrstuvwxyz123456")), false));
    assertThat(KrpcCodec.decode(ascii("d1:ad2:id20:" + ID + "9:info_hash20:mnopqrstuvwxyz123456e1:q9:get_peers1:t2:aa1:y1:qe")))
        .isEqualTo(new GetPeers(AA, NODE, NodeId.of(ascii("mnopqrstuvwxyz123456")), false));
    KrpcMessage announce = KrpcCodec.decode(ascii("d1:ad2:id20:" + ID
        + "12:implied_porti1e9:info_hash20:mnopqrstuvwxyz1234564:porti6881e5:token8:aoeusnthe1:q13:announce_peer1:t2:aa1:y1:qe"));
    assertThat(announce).isEqualTo(new AnnouncePeer(AA, NODE, NodeId.of(ascii("mnopqrstuvwxyz123456")), 0,
        BBytes.of("aoeusnth"), true, false));
  }

  @Test
  void decodesResponsesWithNodesValuesTokenAndIp() throws Exception {
    // nodes: one 26-byte entry = id + 127.0.0.1:6881 (0x1ae1)
    String node = "mnopqrstuvwxyz123456" + "\u007f\u0000\u0000\u0001\u001a\u00e1";
    String peer1 = "\u0001\u0002\u0003\u0004\u0000\u0050"; // 1.2.3.4:80
    String packet = "d2:ip6:" + peer1 + "1:rd2:id20:" + ID + "5:nodes26:" + node + "5:token4:tokn6:valuesl6:" + peer1
        + "3:bade" + "e1:t2:aa1:y1:re";
    Response r = (Response) KrpcCodec.decode(ascii(packet));
    assertThat(r.sender()).isEqualTo(NODE);
    assertThat(r.nodes()).containsExactly(new Contact(NodeId.of(ascii("mnopqrstuvwxyz123456")),
        new InetSocketAddress("127.0.0.1", 6881)));
    assertThat(r.values()).as("the 3-byte value is skipped").containsExactly(new InetSocketAddress("1.2.3.4", 80));
    assertThat(r.token()).isEqualTo(BBytes.of("tokn"));
    assertThat(r.externalAddress()).isEqualTo(new InetSocketAddress("1.2.3.4", 80));
    assertThat(KrpcCodec.decode(KrpcCodec.encode(r))).isEqualTo(r);
  }

  @Test
  void decodesErrors() throws Exception {
    KrpcMessage e = KrpcCodec.decode(ascii("d1:eli201e23:A Generic Error Ocurrede1:t2:aa1:y1:ee"));
    assertThat(e).isEqualTo(new KrpcMessage.Error(AA, 201, "A Generic Error Ocurred"));
    assertThat(KrpcCodec.decode(KrpcCodec.encode(e))).isEqualTo(e);
  }

  @Test
  void unknownMethodsBecomeUnknownQueries() throws Exception {
    assertThat(KrpcCodec.decode(ascii("d1:ad2:id20:" + ID + "e1:q3:put1:t2:aa1:y1:qe")))
        .isEqualTo(new UnknownQuery(AA, NODE, "put", false));
  }

  @Test
  void readOnlyFlagRoundTrips() throws Exception {
    Ping ro = new Ping(AA, NODE, true);
    assertThat(new String(KrpcCodec.encode(ro), StandardCharsets.ISO_8859_1)).contains("2:roi1e");
    assertThat(KrpcCodec.decode(KrpcCodec.encode(ro))).isEqualTo(ro);
  }

  @Test
  void rejectsOversizedPacketsBeforeDecoding() {
    byte[] big = new byte[KrpcCodec.MAX_PACKET + 1];
    assertThatThrownBy(() -> KrpcCodec.decode(big)).isInstanceOf(KrpcException.class)
        .extracting(e -> ((KrpcException) e).error()).isEqualTo(KrpcError.PACKET_TOO_LARGE);
  }

  @Test
  void rejectsBadTransactionIdsAndTypes() {
    assertError("d1:ad2:id20:" + ID + "e1:q4:ping1:t17:aaaaaaaaaaaaaaaaa1:y1:qe", KrpcError.BAD_TRANSACTION_ID);
    assertError("d1:ad2:id20:" + ID + "e1:q4:ping1:t0:1:y1:qe", KrpcError.BAD_TRANSACTION_ID);
    assertError("d1:ad2:id20:" + ID + "e1:q4:ping1:y1:qe", KrpcError.BAD_TRANSACTION_ID);
    assertError("d1:ad2:id20:" + ID + "e1:q4:ping1:t2:aa1:y1:xe", KrpcError.UNKNOWN_TYPE);
    assertError("d1:t2:aa1:y1:ze", KrpcError.UNKNOWN_TYPE);
  }

  @Test
  void rejectsMalformedFields() {
    assertError("d1:ad2:id19:abcdefghij012345678e1:q4:ping1:t2:aa1:y1:qe", KrpcError.MISSING_OR_INVALID_FIELD);
    assertError("d1:ad2:id20:" + ID + "e1:q9:find_node1:t2:aa1:y1:qe", KrpcError.MISSING_OR_INVALID_FIELD);
    assertError("d1:rd2:id20:" + ID + "5:nodes25:abcdefghij012345678901234e1:t2:aa1:y1:re",
        KrpcError.MISSING_OR_INVALID_FIELD);
    assertError("d1:ad2:id20:" + ID + "9:info_hash20:mnopqrstuvwxyz1234564:porti0e5:token1:xe1:q13:announce_peer1:t2:aa1:y1:qe",
        KrpcError.MISSING_OR_INVALID_FIELD);
    assertError("d1:eli201ee1:t2:aa1:y1:ee".replace("i201e", "3:abc"), KrpcError.MISSING_OR_INVALID_FIELD);
    assertError("l4:pinge", KrpcError.INVALID_BENCODING);
    assertError("d1:ad2:id20:" + ID + "e1:q4:ping", KrpcError.INVALID_BENCODING);
    assertError("d1:ad1:xd1:yd1:zleeeee1:q4:ping1:t2:aa1:y1:qe", KrpcError.INVALID_BENCODING);
  }

  @Test
  void capsNodesAndValuesTakenFromOneResponse() throws Exception {
    List<Contact> nodes = new ArrayList<>();
    List<InetSocketAddress> values = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      byte[] id = new byte[20];
      id[0] = (byte) i;
      nodes.add(new Contact(NodeId.of(id), new InetSocketAddress("10.0.0." + (i + 1), 1000 + i)));
    }
    for (int i = 0; i < 150; i++) {
      values.add(new InetSocketAddress("10.0." + (i / 200) + "." + (i % 200 + 1), 2000));
    }
    Response big = new Response(AA, NODE, nodes, values, null, null);
    byte[] packet = KrpcCodec.encode(big);
    assertThat(packet.length).isLessThanOrEqualTo(KrpcCodec.MAX_PACKET);
    Response decoded = (Response) KrpcCodec.decode(packet);
    assertThat(decoded.nodes()).hasSize(KrpcCodec.MAX_NODES);
    assertThat(decoded.values()).hasSize(KrpcCodec.MAX_VALUES);
  }

  private static void assertError(String packet, KrpcError expected) {
    assertThatThrownBy(() -> KrpcCodec.decode(ascii(packet))).isInstanceOf(KrpcException.class)
        .extracting(e -> ((KrpcException) e).error()).isEqualTo(expected);
  }
}
