package io.seedfleet.engine.trackerd;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.trackerd.TrackerTestData.ManualClock;
import io.seedfleet.engine.wire.CompactAddresses;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class UdpTrackerHandlerTest {
  private final ManualClock clock = new ManualClock();
  private final SwarmRegistry registry = new SwarmRegistry(TrackerConfig.defaults(), clock, new SplittableRandom(3));
  private final AllowedInfoHashes known = new AllowedInfoHashes();
  private final ConnectionIds ids = new ConnectionIds(new byte[32], clock);
  private final UdpTrackerHandler handler = new UdpTrackerHandler(registry, TrackerPolicy.only(known), ids);
  private final InfoHash hash = TrackerTestData.hash(9);

  UdpTrackerHandlerTest() {
    known.add(hash);
  }

  static byte[] connect(int transactionId) {
    return ByteBuffer.allocate(16).putLong(UdpTrackerPackets.PROTOCOL_ID).putInt(0).putInt(transactionId).array();
  }

  static byte[] announce(long connectionId, int transactionId, InfoHash hash, int peer, long left, int event, int port) {
    return ByteBuffer.allocate(98).putLong(connectionId).putInt(1).putInt(transactionId)
        .put(hash.bytes()).put(TrackerTestData.peerId(peer).bytes())
        .putLong(0).putLong(left).putLong(0).putInt(event).putInt(0).putInt(42).putInt(-1).putShort((short) port)
        .array();
  }

  static byte[] scrape(long connectionId, int transactionId, InfoHash... hashes) {
    ByteBuffer out = ByteBuffer.allocate(16 + 20 * hashes.length).putLong(connectionId).putInt(2).putInt(transactionId);
    for (InfoHash h : hashes) {
      out.put(h.bytes());
    }
    return out.array();
  }

  private ByteBuffer send(byte[] packet, InetSocketAddress from) {
    byte[] reply = handler.handle(packet, packet.length, from);
    return reply == null ? null : ByteBuffer.wrap(reply);
  }

  private long connectionId(InetSocketAddress from) {
    ByteBuffer reply = send(connect(77), from);
    assertThat(reply.getInt()).isEqualTo(0);
    assertThat(reply.getInt()).isEqualTo(77);
    return reply.getLong();
  }

  private static String error(ByteBuffer reply, int transactionId) {
    assertThat(reply.getInt()).isEqualTo(UdpTrackerPackets.ACTION_ERROR);
    assertThat(reply.getInt()).isEqualTo(transactionId);
    return StandardCharsets.UTF_8.decode(reply).toString();
  }

  @Test
  void connectThenAnnounceReturnsIpv4PeersAndCounts() {
    InetSocketAddress seed = TrackerTestData.v4(1, 5000);
    InetSocketAddress leecher = TrackerTestData.v4(2, 5001);
    send(announce(connectionId(seed), 1, hash, 1, 0, 2, 6881), seed);
    send(announce(connectionId(TrackerTestData.v6(3, 1)), 1, hash, 3, 0, 2, 6883), TrackerTestData.v6(3, 1));
    ByteBuffer reply = send(announce(connectionId(leecher), 5, hash, 2, 100, 2, 6882), leecher);

    assertThat(reply.getInt()).isEqualTo(UdpTrackerPackets.ACTION_ANNOUNCE);
    assertThat(reply.getInt()).isEqualTo(5);
    assertThat(reply.getInt()).as("interval").isEqualTo(1800);
    assertThat(reply.getInt()).as("leechers").isEqualTo(1);
    assertThat(reply.getInt()).as("seeders").isEqualTo(2);
    byte[] peers = Arrays.copyOfRange(reply.array(), 20, reply.limit());
    assertThat(CompactAddresses.decode(peers, CompactAddresses.IPV4_ENTRY, 10))
        .as("an IPv4 requester gets IPv4 peers, with their announced ports")
        .containsExactly(TrackerTestData.v4(1, 6881));
  }

  @Test
  void ipv6RequesterGets18BytePeers() {
    InetSocketAddress a = TrackerTestData.v6(1, 5000);
    InetSocketAddress b = TrackerTestData.v6(2, 5000);
    send(announce(connectionId(a), 1, hash, 1, 0, 2, 6881), a);
    ByteBuffer reply = send(announce(connectionId(b), 2, hash, 2, 10, 2, 6882), b);
    byte[] peers = Arrays.copyOfRange(reply.array(), 20, reply.limit());
    assertThat(peers).hasSize(18);
    assertThat(CompactAddresses.decode(peers, CompactAddresses.IPV6_ENTRY, 10)).containsExactly(TrackerTestData.v6(1, 6881));
  }

  @Test
  void connectionIdsAreBoundToTheAddressAndExpire() {
    InetSocketAddress client = TrackerTestData.v4(1, 5000);
    long id = connectionId(client);
    assertThat(error(send(announce(id, 8, hash, 1, 0, 0, 6881), TrackerTestData.v4(2, 5000)), 8))
        .isEqualTo("invalid connection id");

    clock.advance(Duration.ofSeconds(119));
    assertThat(send(announce(id, 9, hash, 1, 0, 0, 6881), client).getInt()).isEqualTo(UdpTrackerPackets.ACTION_ANNOUNCE);

    clock.advance(Duration.ofMinutes(4));
    assertThat(error(send(announce(id, 10, hash, 1, 0, 0, 6881), client), 10)).isEqualTo("invalid connection id");
  }

  @Test
  void unknownInfoHashAndBadPortAreErrors() {
    InetSocketAddress client = TrackerTestData.v4(1, 5000);
    long id = connectionId(client);
    assertThat(error(send(announce(id, 3, TrackerTestData.hash(1), 1, 0, 0, 6881), client), 3))
        .isEqualTo("unknown info_hash");
    assertThat(error(send(announce(id, 4, hash, 1, 0, 0, 0), client), 4)).isEqualTo("invalid port");
    assertThat(error(send(announce(id, 5, hash, 1, -1, 0, 1), client), 5)).isEqualTo("negative counters");
    assertThat(registry.swarmCount()).isZero();
  }

  @Test
  void scrapeAnswersEveryHashInOrderWithZerosForUnknownOnes() {
    InetSocketAddress client = TrackerTestData.v4(1, 5000);
    long id = connectionId(client);
    send(announce(id, 1, hash, 1, 0, 1, 6881), client);
    ByteBuffer reply = send(scrape(id, 6, TrackerTestData.hash(1), hash), client);

    assertThat(reply.getInt()).isEqualTo(UdpTrackerPackets.ACTION_SCRAPE);
    assertThat(reply.getInt()).isEqualTo(6);
    assertThat(new int[] {reply.getInt(), reply.getInt(), reply.getInt()}).containsExactly(0, 0, 0);
    assertThat(new int[] {reply.getInt(), reply.getInt(), reply.getInt()}).containsExactly(1, 1, 0);
    assertThat(reply.hasRemaining()).isFalse();
  }

  @Test
  void malformedPacketsAreDroppedOrAnsweredWithAnError() {
    InetSocketAddress client = TrackerTestData.v4(1, 5000);
    long id = connectionId(client);
    assertThat(send(new byte[15], client)).as("too short to carry a transaction id").isNull();
    assertThat(send(ByteBuffer.allocate(16).putLong(123).putInt(0).putInt(1).array(), client))
        .as("connect without the protocol id").isNull();
    assertThat(send(new byte[UdpTrackerPackets.MAX_PACKET + 1], client)).isNull();
    assertThat(error(send(Arrays.copyOf(announce(id, 2, hash, 1, 0, 0, 1), 97), client), 2)).isEqualTo("announce too short");
    assertThat(error(send(Arrays.copyOf(scrape(id, 3, hash), 35), client), 3)).isEqualTo("scrape needs whole info-hashes");
    InfoHash[] tooMany = new InfoHash[75];
    Arrays.fill(tooMany, hash);
    assertThat(error(send(scrape(id, 4, tooMany), client), 4)).isEqualTo("too many info-hashes");
    assertThat(error(send(ByteBuffer.allocate(16).putLong(id).putInt(9).putInt(5).array(), client), 5))
        .isEqualTo("unknown action");
  }

  @Test
  void announceWithTrailingBep41OptionsIsAccepted() {
    InetSocketAddress client = TrackerTestData.v4(1, 5000);
    byte[] withOptions = Arrays.copyOf(announce(connectionId(client), 1, hash, 1, 0, 2, 6881), 98 + 6);
    withOptions[98] = 2; // URL data
    withOptions[99] = 4;
    assertThat(send(withOptions, client).getInt()).isEqualTo(UdpTrackerPackets.ACTION_ANNOUNCE);
    assertThat(registry.peers(hash)).hasSize(1);
  }
}
