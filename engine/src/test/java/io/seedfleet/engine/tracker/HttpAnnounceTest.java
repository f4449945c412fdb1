package io.seedfleet.engine.tracker;

import static io.seedfleet.engine.tracker.TrackerFixtures.ascii;
import static io.seedfleet.engine.tracker.TrackerFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpAnnounceTest {
  private static final String ENCODED_HASH = "%00%01%02%03%04%05%06%07%08%09%0A%0B%0C%0D%0E%0F%10%11%12%13";

  @Test
  void urlCarriesEveryParameterWithRawBytesPercentEncoded() {
    String url = HttpAnnounce.url("http://t.example/announce", request(TrackerEvent.STARTED));
    assertThat(url).isEqualTo("http://t.example/announce?info_hash=" + ENCODED_HASH
        + "&peer_id=-SF0001-abcdefghij~.&port=6881&uploaded=100&downloaded=200&left=300&compact=1"
        + "&numwant=50&key=0badf00d&event=started");
  }

  @Test
  void existingQueryStringIsKeptAndRegularAnnouncesHaveNoEvent() {
    String url = HttpAnnounce.url("http://t.example/a.php?passkey=s3cr3t", request(TrackerEvent.NONE));
    assertThat(url).startsWith("http://t.example/a.php?passkey=s3cr3t&info_hash=").doesNotContain("event=");
    assertThat(HttpAnnounce.url("http://t.example/a?", request(TrackerEvent.NONE))).startsWith("http://t.example/a?info_hash=");
  }

  @Test
  void trackerIdIsEchoed() {
    AnnounceRequest r = request(TrackerEvent.COMPLETED);
    r = new AnnounceRequest(r.infoHash(), r.peerId(), r.port(), 0, 0, 0, r.event(), 1, 10, "id 7");
    assertThat(HttpAnnounce.url("http://t/announce", r)).endsWith("&event=completed&trackerid=id%207");
  }

  @Test
  void parsesACompactReplyWithIpv6PeersCountsAndWarnings() throws TrackerException {
    byte[] body = ascii("d8:completei5e10:incompletei3e8:intervali1800e12:min intervali60e"
        + "5:peers12:\u007f\u0000\u0000\u0001\u001a\u00e1\n\u0000\u0000\u0002\u0000\u0050"
        + "6:peers618:\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0001\u001a\u00e2"
        + "10:tracker id3:abc15:warning message4:slowe");
    AnnounceResponse reply = HttpAnnounce.parse(body, 200);
    assertThat(reply.interval()).isEqualTo(Duration.ofSeconds(1800));
    assertThat(reply.minInterval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(reply.seeders()).isEqualTo(5);
    assertThat(reply.leechers()).isEqualTo(3);
    assertThat(reply.trackerId()).isEqualTo("abc");
    assertThat(reply.warning()).isEqualTo("slow");
    assertThat(reply.peers()).containsExactly(new InetSocketAddress("127.0.0.1", 6881),
        new InetSocketAddress("10.0.0.2", 80), new InetSocketAddress("::1", 6882));
  }

  @Test
  void parsesTheDictionaryPeerListSkippingHostNamesAndBadPorts() throws TrackerException {
    byte[] body = ascii("d8:intervali900e5:peersl"
        + "d2:ip9:127.0.0.17:peer id20:aaaaaaaaaaaaaaaaaaaa4:porti7000ee"
        + "d2:ip11:example.com4:porti7001ee"
        + "d2:ip3:::14:porti7002ee"
        + "d2:ip8:10.0.0.94:porti0ee"
        + "d2:ip9:300.0.0.14:porti7003ee"
        + "ee");
    assertThat(HttpAnnounce.parse(body, 200).peers()).containsExactly(
        new InetSocketAddress("127.0.0.1", 7000), new InetSocketAddress("::1", 7002));
  }

  @Test
  void peersAreCappedAcrossBothFamilies() throws TrackerException {
    StringBuilder peers = new StringBuilder();
    for (int i = 1; i <= 5; i++) {
      peers.append("\n\u0000\u0000").append((char) i).append("\u0000\u0050");
    }
    byte[] body = ascii("d8:intervali60e5:peers30:" + peers + "6:peers618:" + "\u0000".repeat(15) + "\u0001\u0000\u0050e");
    assertThat(HttpAnnounce.parse(body, 3).peers()).hasSize(3);
    assertThat(HttpAnnounce.parse(body, 6).peers()).hasSize(6);
  }

  @Test
  void failureReasonIsAnErrorThatIsNotPermanent() {
    assertThatThrownBy(() -> HttpAnnounce.parse(ascii("d14:failure reason12:unregisterede"), 200))
        .isInstanceOfSatisfying(TrackerException.class, e -> assertThat(e.permanent()).isFalse())
        .hasMessageContaining("unregistered");
  }

  @Test
  void malformedRepliesAreClearErrors() {
    assertThatThrownBy(() -> HttpAnnounce.parse(ascii("<html>502</html>"), 200)).hasMessageContaining("not bencoded");
    assertThatThrownBy(() -> HttpAnnounce.parse(ascii("li1ee"), 200)).hasMessageContaining("not a dictionary");
    assertThatThrownBy(() -> HttpAnnounce.parse(ascii("d8:intervali-5ee"), 200)).hasMessageContaining("interval -5");
    assertThatThrownBy(() -> HttpAnnounce.parse(ascii("d5:peers7:abcdefge"), 200)).hasMessageContaining("multiple of 6");
    assertThatThrownBy(() -> HttpAnnounce.parse(ascii("d1:ad1:ad1:ad1:aleeeee"), 200)).isInstanceOf(TrackerException.class);
  }

  @Test
  void missingIntervalDefaultsToHalfAnHourAndControlCharactersAreMasked() throws TrackerException {
    AnnounceResponse reply = HttpAnnounce.parse(ascii("d15:warning message3:a\u001bbe"), 200);
    assertThat(reply.interval()).isEqualTo(Duration.ofMinutes(30));
    assertThat(reply.warning()).isEqualTo("a?b");
    assertThat(reply.peers()).isEmpty();
    assertThat(reply.seeders()).isEqualTo(-1);
  }
}
