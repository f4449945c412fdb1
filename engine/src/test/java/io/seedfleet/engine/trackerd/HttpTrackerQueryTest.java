package io.seedfleet.engine.trackerd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpTrackerQueryTest {
  /** 20 bytes with the awkward ones: NUL, '%', '&', '+', '=', high bytes. */
  static final String HASH = "%00%25%26%2B%3D%FFabcdefghijklmn";
  static final String PEER = "-LT2080-%01%02%03%04%05%06%07%08%09%0A%0B%0C";
  static final InetAddress SOURCE = TrackerTestData.address("192.0.2.7");
  static final TrackerConfig CONFIG = TrackerConfig.defaults();

  static String query(String extra) {
    return "info_hash=" + HASH + "&peer_id=" + PEER + "&port=6881&uploaded=1&downloaded=2&left=3" + extra;
  }

  @Test
  void parsesRawBytesAndNumbersAndUsesTheSourceAddress() throws Exception {
    HttpTrackerQuery.Announce a = HttpTrackerQuery.parseAnnounce(
        query("&event=started&numwant=7&compact=1&key=abc&supportcrypto=1"), SOURCE, CONFIG);
    AnnounceRequest r = a.request();

    byte[] expectedHash = {0, '%', '&', '+', '=', (byte) 0xFF, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n'};
    assertThat(r.infoHash().bytes()).isEqualTo(expectedHash);
    assertThat(r.peerId().bytes()).startsWith("-LT2080-".getBytes()).endsWith(12);
    assertThat(r.peer()).isEqualTo(new InetSocketAddress(SOURCE, 6881));
    assertThat(r.uploaded()).isEqualTo(1);
    assertThat(r.downloaded()).isEqualTo(2);
    assertThat(r.left()).isEqualTo(3);
    assertThat(r.event()).isEqualTo(AnnounceEvent.STARTED);
    assertThat(r.numwant()).isEqualTo(7);
    assertThat(a.compact()).isTrue();
    assertThat(a.noPeerId()).isFalse();
  }

  @Test
  void compactIsTheDefaultAndCompactZeroAsksForDictionaries() throws Exception {
    assertThat(HttpTrackerQuery.parseAnnounce(query(""), SOURCE, CONFIG).compact()).isTrue();
    HttpTrackerQuery.Announce a = HttpTrackerQuery.parseAnnounce(query("&compact=0&no_peer_id=1"), SOURCE, CONFIG);
    assertThat(a.compact()).isFalse();
    assertThat(a.noPeerId()).isTrue();
  }

  @Test
  void ipParameterIsIgnoredUnlessConfiguredAndThenMustBeALiteral() throws Exception {
    assertThat(HttpTrackerQuery.parseAnnounce(query("&ip=10.9.8.7"), SOURCE, CONFIG).request().peer().getAddress())
        .isEqualTo(SOURCE);
    TrackerConfig trusting = CONFIG.withAcceptIpParameter(true);
    assertThat(HttpTrackerQuery.parseAnnounce(query("&ip=10.9.8.7"), SOURCE, trusting).request().peer().getAddress())
        .isEqualTo(TrackerTestData.address("10.9.8.7"));
    assertThat(HttpTrackerQuery.parseAnnounce(query("&ip=2001%3Adb8%3A%3A1"), SOURCE, trusting).request().peer()
        .getAddress()).isEqualTo(TrackerTestData.address("2001:db8::1"));
    assertThatThrownBy(() -> HttpTrackerQuery.parseAnnounce(query("&ip=example.com"), SOURCE, trusting))
        .hasMessage("invalid ip");
  }

  @Test
  void oddNumwantMeansDefaultAndHugeIsCapped() throws Exception {
    assertThat(HttpTrackerQuery.parseAnnounce(query("&numwant=-1"), SOURCE, CONFIG).request().numwant()).isEqualTo(-1);
    assertThat(HttpTrackerQuery.parseAnnounce(query("&numwant=99999"), SOURCE, CONFIG).request().numwant())
        .isEqualTo(200);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "peer_id=" + PEER + "&port=1&left=0 | missing info_hash",
      "info_hash=" + HASH + "&port=1&left=0 | missing peer_id",
      "info_hash=" + HASH + "&peer_id=" + PEER + "&left=0 | missing port",
      "info_hash=" + HASH + "&peer_id=" + PEER + "&port=1 | missing left",
      "info_hash=abc&peer_id=" + PEER + "&port=1&left=0 | invalid info_hash: must be 20 bytes, got 3",
      "info_hash=" + HASH + "%00&peer_id=" + PEER + "&port=1&left=0 | invalid info_hash: must be 20 bytes, got 21",
      "info_hash=" + HASH + "&info_hash=" + HASH + "&peer_id=" + PEER + "&port=1&left=0 | more than one info_hash",
      "info_hash=%0G" + HASH + "&peer_id=" + PEER + "&port=1&left=0 | invalid info_hash: bad percent-encoding",
      "info_hash=" + HASH + "%&peer_id=" + PEER + "&port=1&left=0 | invalid info_hash: bad percent-encoding",
      "info_hash=" + HASH + "&peer_id=" + PEER + "&port=0&left=0 | invalid port",
      "info_hash=" + HASH + "&peer_id=" + PEER + "&port=65536&left=0 | invalid port",
      "info_hash=" + HASH + "&peer_id=" + PEER + "&port=-5&left=0 | invalid port",
      "info_hash=" + HASH + "&peer_id=" + PEER + "&port=1&left=99999999999999999999 | invalid left",
      "info_hash=" + HASH + "&peer_id=" + PEER + "&port=1&left=\u0663 | invalid left",
      "info_hash=" + HASH + "&peer_id=" + PEER + "&port=1&left=0&event=exploded | invalid event",
  })
  void malformedAnnouncesFailWithAClearReason(String query, String reason) {
    assertThatThrownBy(() -> HttpTrackerQuery.parseAnnounce(query, SOURCE, CONFIG))
        .isInstanceOf(TrackerRequestException.class).hasMessage(reason);
  }

  @Test
  void emptyAndOverlongQueriesFail() {
    assertThatThrownBy(() -> HttpTrackerQuery.parseAnnounce(null, SOURCE, CONFIG)).hasMessage("missing query");
    assertThatThrownBy(() -> HttpTrackerQuery.parseAnnounce(query("&x=" + "a".repeat(5000)), SOURCE, CONFIG))
        .hasMessage("query too long");
    assertThatThrownBy(() -> HttpTrackerQuery.parseAnnounce("info_hash=" + "%41".repeat(1000), SOURCE, CONFIG))
        .hasMessage("invalid info_hash: too long");
  }

  @Test
  void scrapeTakesSeveralHashesUpToTheLimit() throws Exception {
    String other = "b".repeat(20);
    assertThat(HttpTrackerQuery.parseScrape("info_hash=" + HASH + "&info_hash=" + other + "&info_hash=" + other, CONFIG))
        .hasSize(2);
    assertThatThrownBy(() -> HttpTrackerQuery.parseScrape("", CONFIG)).hasMessage("missing query");
    assertThatThrownBy(() -> HttpTrackerQuery.parseScrape("x=1", CONFIG)).hasMessage("missing info_hash");
    String tooMany = "info_hash=" + other + ("&info_hash=" + other).repeat(74);
    assertThatThrownBy(() -> HttpTrackerQuery.parseScrape(tooMany, CONFIG))
        .hasMessage("too many info_hash, at most 74");
  }
}
