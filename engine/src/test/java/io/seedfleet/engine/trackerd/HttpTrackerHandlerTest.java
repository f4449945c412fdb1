package io.seedfleet.engine.trackerd;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedfleet.engine.bencode.BBytes;
import io.seedfleet.engine.bencode.BDict;
import io.seedfleet.engine.bencode.BList;
import io.seedfleet.engine.bencode.Bencode;
import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.wire.CompactAddresses;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HttpTrackerHandlerTest {
  private final SwarmRegistry registry = new SwarmRegistry(TrackerConfig.defaults(), System::currentTimeMillis,
      new SplittableRandom(1));
  private final AllowedInfoHashes known = new AllowedInfoHashes();
  private final HttpTrackerHandler open = new HttpTrackerHandler(registry, TrackerPolicy.open());
  private final HttpTrackerHandler closed = new HttpTrackerHandler(registry, TrackerPolicy.only(known));
  private final InfoHash hash = TrackerTestData.hash(0x41);

  private static String q(InfoHash hash, int peer, int port, String extra) {
    String encoded = URLEncoder.encode(new String(hash.bytes(), StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1);
    return "info_hash=" + encoded + "&peer_id=-XX0001-00000000000" + peer + "&port=" + port + "&left=5" + extra;
  }

  private static BDict decode(byte[] body) throws Exception {
    return (BDict) Bencode.decode(body);
  }

  @Test
  void compactReplySplitsIpv4AndIpv6Peers() throws Exception {
    open.announce(q(hash, 1, 1001, ""), InetAddress.getByName("10.0.0.1"));
    open.announce(q(hash, 2, 1002, ""), InetAddress.getByName("2001:db8::2"));
    BDict reply = decode(open.announce(q(hash, 3, 1003, "&compact=1"), InetAddress.getByName("10.0.0.3")));

    assertThat(reply.getLong("interval")).contains(1800L);
    assertThat(reply.getLong("min interval")).contains(300L);
    assertThat(reply.getLong("complete")).contains(0L);
    assertThat(reply.getLong("incomplete")).contains(3L);
    byte[] peers = reply.getBytesOrNull("peers").bytes();
    assertThat(peers).containsExactly(10, 0, 0, 1, 1001 >> 8, 1001 & 0xFF);
    byte[] peers6 = reply.getBytesOrNull("peers6").bytes();
    assertThat(CompactAddresses.decode(peers6, CompactAddresses.IPV6_ENTRY, 10))
        .containsExactly(TrackerTestData.v6(2, 1002));
  }

  @Test
  void compactZeroGivesDictionariesWithOrWithoutPeerIds() throws Exception {
    open.announce(q(hash, 1, 1001, ""), InetAddress.getByName("10.0.0.1"));
    BDict withIds = decode(open.announce(q(hash, 2, 1002, "&compact=0"), InetAddress.getByName("10.0.0.2")));
    BDict entry = (BDict) withIds.getListOrNull("peers").get(0);
    assertThat(entry.getBytesOrNull("ip").asString()).isEqualTo("10.0.0.1");
    assertThat(entry.getLong("port")).contains(1001L);
    assertThat(entry.getBytesOrNull("peer id").asString()).isEqualTo("-XX0001-000000000001");

    BDict withoutIds = decode(open.announce(q(hash, 2, 1002, "&compact=0&no_peer_id=1"), InetAddress.getByName("10.0.0.2")));
    assertThat(((BDict) withoutIds.getListOrNull("peers").get(0)).containsKey("peer id")).isFalse();
  }

  @Test
  void closedPolicyAnswersOnlyKnownInfoHashes() throws Exception {
    BDict refused = decode(closed.announce(q(hash, 1, 1001, ""), InetAddress.getByName("10.0.0.1")));
    assertThat(refused.getBytesOrNull("failure reason").asString()).isEqualTo("unknown info_hash");
    assertThat(registry.swarmCount()).isZero();

    known.add(hash);
    BDict accepted = decode(closed.announce(q(hash, 1, 1001, ""), InetAddress.getByName("10.0.0.1")));
    assertThat(accepted.containsKey("failure reason")).isFalse();
    assertThat(accepted.getBytesOrNull("peers").length()).isZero();
    assertThat(registry.peers(hash)).hasSize(1);
  }

  @Test
  void malformedQueryIsABencodedFailureReason() throws Exception {
    BDict reply = decode(open.announce("info_hash=short&port=1", InetAddress.getByName("10.0.0.1")));
    assertThat(reply.entries()).containsOnlyKeys(BBytes.of("failure reason"));
    assertThat(reply.getBytesOrNull("failure reason").asString()).startsWith("invalid info_hash");
  }

  @Test
  void scrapeReportsKnownSwarmsUnderTheirRawHash() throws Exception {
    open.announce(q(hash, 1, 1001, "").replace("left=5", "left=0"), InetAddress.getByName("10.0.0.1"));
    open.announce(q(hash, 2, 1002, ""), InetAddress.getByName("10.0.0.2"));
    String query = q(hash, 0, 0, "").split("&")[0] + "&" + q(TrackerTestData.hash(0x42), 0, 0, "").split("&")[0];
    BDict files = decode(open.scrape(query)).getDictOrNull("files");

    assertThat(files.entries()).containsOnlyKeys(BBytes.of(hash.bytes()));
    BDict counts = (BDict) files.entries().get(BBytes.of(hash.bytes()));
    assertThat(counts.getLong("complete")).contains(1L);
    assertThat(counts.getLong("incomplete")).contains(1L);
    assertThat(counts.getLong("downloaded")).contains(0L);

    assertThat(decode(closed.scrape(query)).getDictOrNull("files").size()).as("unknown to the closed policy").isZero();
    assertThat(decode(open.scrape("nothing")).getBytesOrNull("failure reason").asString()).isEqualTo("missing info_hash");
  }

  @Test
  void emptyPeerListIsStillAList() throws Exception {
    BDict reply = decode(open.announce(q(hash, 1, 1001, "&compact=0"), InetAddress.getByName("10.0.0.1")));
    assertThat(reply.getListOrNull("peers")).isEqualTo(new BList(java.util.List.of()));
  }
}
