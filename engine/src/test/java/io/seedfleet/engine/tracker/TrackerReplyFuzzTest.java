package io.seedfleet.engine.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the tracker reply parsers: any input either parses or fails with a {@link
 * TrackerException}; nothing else may escape, and the peer cap always holds. Regression inputs
 * live in {@code TrackerReplyFuzzTestInputs/<method>/}.
 */
class TrackerReplyFuzzTest {
  private static final int MAX_PEERS = 20;

  @FuzzTest
  void httpAnnounce(byte[] data) {
    try {
      AnnounceResponse reply = HttpAnnounce.parse(data, MAX_PEERS);
      assertThat(reply.peers()).hasSizeLessThanOrEqualTo(MAX_PEERS);
      assertThat(reply.interval().isNegative()).isFalse();
    } catch (TrackerException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
    try {
      Scrape.parse(data);
    } catch (TrackerException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  @FuzzTest
  void udpPacket(byte[] data) {
    for (boolean ipv6 : new boolean[] {false, true}) {
      try {
        UdpReply reply = UdpTrackerCodec.decode(data, data.length, ipv6, MAX_PEERS);
        if (reply instanceof UdpReply.Announced announced) {
          assertThat(announced.peers()).hasSizeLessThanOrEqualTo(MAX_PEERS);
        }
        if (reply instanceof UdpReply.Scraped scraped) {
          assertThat(scraped.stats()).hasSizeLessThanOrEqualTo(UdpTrackerCodec.MAX_SCRAPE_HASHES);
        }
      } catch (TrackerException e) {
        assertThat(e.getMessage()).isNotBlank();
      }
    }
  }
}
