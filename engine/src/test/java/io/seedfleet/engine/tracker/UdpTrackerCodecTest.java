package io.seedfleet.engine.tracker;

import static io.seedfleet.engine.tracker.TrackerFixtures.INFO_HASH;
import static io.seedfleet.engine.tracker.TrackerFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class UdpTrackerCodecTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void connectRequest() {
    assertThat(HEX.formatHex(UdpTrackerCodec.connect(0x01020304)))
        .isEqualTo("0000041727101980" + "00000000" + "01020304"); // protocol id | action connect | transaction
  }

  @Test
  void announceRequestLayout() {
    byte[] packet = UdpTrackerCodec.announce(0x1122334455667788L, 7, request(TrackerEvent.STARTED));
    assertThat(packet).hasSize(98);
    ByteBuffer in = ByteBuffer.wrap(packet);
    assertThat(in.getLong()).isEqualTo(0x1122334455667788L);
    assertThat(in.getInt()).isEqualTo(UdpTrackerCodec.ACTION_ANNOUNCE);
    assertThat(in.getInt()).isEqualTo(7);
    byte[] hash = new byte[20];
    in.get(hash);
    assertThat(hash).isEqualTo(INFO_HASH.bytes());
    in.position(56);
    assertThat(in.getLong()).as("downloaded").isEqualTo(200);
    assertThat(in.getLong()).as("left").isEqualTo(300);
    assertThat(in.getLong()).as("uploaded").isEqualTo(100);
    assertThat(in.getInt()).as("event started").isEqualTo(2);
    assertThat(in.getInt()).as("ip").isZero();
    assertThat(in.getInt()).as("key").isEqualTo(0x0badf00d);
    assertThat(in.getInt()).as("num_want").isEqualTo(50);
    assertThat(in.getShort() & 0xFFFF).as("port").isEqualTo(6881);
  }

  @Test
  void scrapeRequestListsTheHashes() {
    byte[] packet = UdpTrackerCodec.scrape(5L, 9, List.of(INFO_HASH, INFO_HASH));
    assertThat(packet).hasSize(16 + 40);
    assertThatThrownBy(() -> UdpTrackerCodec.scrape(5L, 9, List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void decodesConnectAndAnnounceReplies() throws TrackerException {
    byte[] connect = HEX.parseHex("00000000" + "0000002a" + "cafebabe00000001");
    assertThat(UdpTrackerCodec.decode(connect, connect.length, false, 10))
        .isEqualTo(new UdpReply.Connected(42, 0xcafebabe00000001L));
    byte[] announce = HEX.parseHex("00000001" + "0000002a" + "00000708" + "00000003" + "00000005"
        + "7f0000011ae1" + "0a000002" /* a partial entry is ignored */);
    UdpReply.Announced reply = (UdpReply.Announced) UdpTrackerCodec.decode(announce, announce.length, false, 10);
    assertThat(reply.interval()).isEqualTo(Duration.ofSeconds(1800));
    assertThat(reply.leechers()).isEqualTo(3);
    assertThat(reply.seeders()).isEqualTo(5);
    assertThat(reply.peers()).containsExactly(new InetSocketAddress("127.0.0.1", 6881));
  }

  @Test
  void ipv6AnnounceRepliesHave18BytePeers() throws TrackerException {
    byte[] announce = HEX.parseHex("00000001" + "00000001" + "0000003c" + "00000000" + "00000001"
        + "00000000000000000000000000000001" + "1ae1");
    UdpReply.Announced reply = (UdpReply.Announced) UdpTrackerCodec.decode(announce, announce.length, true, 10);
    assertThat(reply.peers()).containsExactly(new InetSocketAddress("::1", 6881));
  }

  @Test
  void decodesScrapeAndErrorPackets() throws TrackerException {
    byte[] scrape = HEX.parseHex("00000002" + "00000009" + "00000004" + "00000009" + "00000002");
    assertThat(UdpTrackerCodec.decode(scrape, scrape.length, false, 10))
        .isEqualTo(new UdpReply.Scraped(9, List.of(new ScrapeStats(4, 9, 2))));
    byte[] error = HEX.parseHex("00000003" + "00000009" + "6e6f7065");
    assertThat(UdpTrackerCodec.decode(error, error.length, false, 10)).isEqualTo(new UdpReply.Error(9, "nope"));
  }

  @Test
  void sizesAreCheckedBeforeReading() {
    byte[] shortConnect = HEX.parseHex("00000000" + "0000002a" + "cafe");
    assertThatThrownBy(() -> UdpTrackerCodec.decode(shortConnect, shortConnect.length, false, 10))
        .hasMessageContaining("need 16");
    byte[] shortAnnounce = HEX.parseHex("00000001" + "0000002a" + "00000708");
    assertThatThrownBy(() -> UdpTrackerCodec.decode(shortAnnounce, shortAnnounce.length, false, 10))
        .hasMessageContaining("need 20");
    assertThatThrownBy(() -> UdpTrackerCodec.decode(new byte[7], 7, false, 10)).hasMessageContaining("too short");
    assertThatThrownBy(() -> UdpTrackerCodec.decode(new byte[8], 9, false, 10)).hasMessageContaining("too short");
    byte[] unknown = HEX.parseHex("00000009" + "00000001");
    assertThatThrownBy(() -> UdpTrackerCodec.decode(unknown, 8, false, 10)).hasMessageContaining("unknown action 9");
    byte[] negative = HEX.parseHex("00000001" + "00000001" + "ffffffff" + "00000000" + "00000000");
    assertThatThrownBy(() -> UdpTrackerCodec.decode(negative, negative.length, false, 10)).hasMessageContaining("interval");
  }

  @Test
  void expectChecksTransactionAndAction() throws TrackerException {
    UdpReply connected = new UdpReply.Connected(1, 5L);
    assertThat(UdpTrackerCodec.expect(connected, 1, UdpReply.Connected.class).connectionId()).isEqualTo(5L);
    assertThatThrownBy(() -> UdpTrackerCodec.expect(connected, 2, UdpReply.Connected.class)).hasMessageContaining("transaction 1");
    assertThatThrownBy(() -> UdpTrackerCodec.expect(connected, 1, UdpReply.Announced.class)).hasMessageContaining("Announced was due");
    assertThatThrownBy(() -> UdpTrackerCodec.expect(new UdpReply.Error(1, "bad hash"), 1, UdpReply.Announced.class))
        .hasMessageContaining("bad hash");
  }
}
