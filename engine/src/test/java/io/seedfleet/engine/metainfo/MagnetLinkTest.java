package io.seedfleet.engine.metainfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MagnetLinkTest {
  private static final String HEX = "c12fe1c06bba254a9dc9f519b335aa7c1367a88a";
  // The same 20 bytes in RFC 4648 base32.
  private static final String BASE32 = "YEX6DQDLXISUVHOJ6UM3GNNKPQJWPKEK";

  @Test
  void parsesHexInfoHashNameTrackersPeersAndSelectOnly() throws Exception {
    MagnetLink link = MagnetLink.parse("magnet:?xt=urn:btih:" + HEX.toUpperCase() + "&dn=My+Release%20%C3%A9"
        + "&tr=http%3A%2F%2Ft1%2Fannounce&tr=udp://t2:80&tr.1=http%3A%2F%2Ft1%2Fannounce"
        + "&x.pe=127.0.0.1:6881&x.pe=[::1]:51413&x.pe=peer.example:7000&so=0,2,4-6&ws=http://ignored");
    assertThat(link.infoHash().hex()).isEqualTo(HEX);
    assertThat(link.displayName()).contains("My Release é");
    assertThat(link.trackers()).containsExactly("http://t1/announce", "udp://t2:80");
    assertThat(link.peers()).containsExactly(new InetSocketAddress("127.0.0.1", 6881),
        new InetSocketAddress("::1", 51413), InetSocketAddress.createUnresolved("peer.example", 7000));
    assertThat(link.selectOnly()).containsExactly(0, 2, 4, 5, 6);
  }

  @Test
  void base32InfoHashEqualsHex() throws Exception {
    assertThat(MagnetLink.parse("magnet:?xt=urn:btih:" + BASE32).infoHash())
        .isEqualTo(MagnetLink.parse("magnet:?xt=urn:btih:" + HEX).infoHash());
    assertThat(MagnetLink.parse("magnet:?xt=urn:btih:" + BASE32.toLowerCase()).infoHash().hex()).isEqualTo(HEX);
  }

  @Test
  void hybridLinkUsesTheV1Hash() throws Exception {
    MagnetLink link = MagnetLink.parse("magnet:?xt=urn:btmh:1220" + "ab".repeat(32) + "&xt=urn:btih:" + HEX);
    assertThat(link.infoHash().hex()).isEqualTo(HEX);
  }

  @Test
  void formatRoundTrips() throws Exception {
    MagnetLink link = MagnetLink.parse("magnet:?xt=urn:btih:" + HEX + "&dn=a+b%26c%2Bd&tr=http://t/a?x=1%262"
        + "&x.pe=[2001:db8::1]:1&x.pe=10.0.0.1:2&so=3,1");
    assertThat(MagnetLink.parse(link.format())).isEqualTo(link);
    assertThat(link.displayName()).contains("a b&c+d");
    assertThat(link.trackers()).containsExactly("http://t/a?x=1&2");
  }

  @Test
  void listsAreCappedNotRejected() throws Exception {
    StringBuilder uri = new StringBuilder("magnet:?xt=urn:btih:" + HEX);
    for (int i = 0; i < 1000; i++) {
      uri.append("&tr=http://t").append(i).append("/a&x.pe=127.0.0.1:").append(i + 1);
    }
    MagnetLink link = MagnetLink.parse(uri.toString());
    assertThat(link.trackers()).hasSize(MagnetLink.MAX_TRACKERS).startsWith("http://t0/a");
    assertThat(link.peers()).hasSize(MagnetLink.MAX_PEERS);
    assertThat(link.announceTiers()).hasSize(MagnetLink.MAX_TRACKERS).first().isEqualTo(List.of("http://t0/a"));
  }

  @Test
  void tooLongIsRejectedFirst() {
    String huge = "x".repeat(MagnetLink.MAX_LENGTH + 1);
    assertThatThrownBy(() -> MagnetLink.parse(huge)).isInstanceOf(MagnetException.class)
        .satisfies(e -> assertThat(((MagnetException) e).error()).isEqualTo(MagnetError.TOO_LONG));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "http://example.com/x.torrent | NOT_A_MAGNET",
      "magnet:?dn=x | MISSING_INFO_HASH",
      "magnet:?xt=urn:btih:123 | INVALID_INFO_HASH",
      "magnet:?xt=urn:btih:zz2fe1c06bba254a9dc9f519b335aa7c1367a88a | INVALID_INFO_HASH",
      "magnet:?xt=urn:btih:YEX6DQDLXISUVHOJ6UM3GNNKPQJWPKE1 | INVALID_INFO_HASH",
      "magnet:?xt=urn:btmh:1220abababababababababababababababababababababababababababababababab | V2_ONLY_UNSUPPORTED",
      "magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&xt=urn:btih:YEX6DQDLXISUVHOJ6UM3GNNKPQJWPKEL"
          + " | CONFLICTING_INFO_HASHES",
      "magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&dn=%zz | INVALID_ENCODING",
      "magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&dn=%C3 | INVALID_ENCODING",
      "magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&dn=%4 | INVALID_ENCODING",
      "magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&x.pe=1.2.3.4 | INVALID_PEER",
      "magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&x.pe=1.2.3.400:80 | INVALID_PEER",
      "magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&x.pe=1.2.3.4:0 | INVALID_PEER",
      "magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&x.pe=[zz::1]:80 | INVALID_PEER",
      "magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&x.pe=a_b:80 | INVALID_PEER",
      "magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&so=5-2 | INVALID_SELECT_ONLY",
      "magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&so=0-99999 | INVALID_SELECT_ONLY",
      "magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&so=1,,2 | INVALID_SELECT_ONLY",
      "magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a&so=-1 | INVALID_SELECT_ONLY",
  })
  void malformedLinksFailWithTheirReason(String uri, MagnetError expected) {
    assertThatThrownBy(() -> MagnetLink.parse(uri)).isInstanceOf(MagnetException.class)
        .satisfies(e -> assertThat(((MagnetException) e).error()).isEqualTo(expected))
        .hasMessageStartingWith(expected.name().toLowerCase());
  }

  @Test
  void fromInfoDictKeepsTheExactInfoBytesAndTrackers() throws Exception {
    byte[] info = "d6:lengthi5e4:name1:a12:piece lengthi16384e6:pieces20:aaaaaaaaaaaaaaaaaaaae".getBytes();
    Metainfo meta = Metainfo.fromInfoDict(info, List.of(List.of("http://t/announce"), List.of("udp://u:1")));
    assertThat(meta.infoBytes()).isEqualTo(info);
    assertThat(meta.infoHash()).isEqualTo(InfoHash.of(Metainfo.sha1().digest(info)));
    assertThat(meta.announceTiers()).containsExactly(List.of("http://t/announce"), List.of("udp://u:1"));
    Metainfo reparsed = Metainfo.parse(meta.torrentBytes());
    assertThat(reparsed.infoHash()).isEqualTo(meta.infoHash());
    assertThat(reparsed.name()).isEqualTo("a");
  }

  @Test
  void fromInfoDictRejectsANonCanonicalDict() {
    byte[] unsorted = "d4:name1:a6:lengthi5e12:piece lengthi16384e6:pieces20:aaaaaaaaaaaaaaaaaaaae".getBytes();
    assertThatThrownBy(() -> Metainfo.fromInfoDict(unsorted, List.of())).isInstanceOf(MetainfoException.class);
  }
}
