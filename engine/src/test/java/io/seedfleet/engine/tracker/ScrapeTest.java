package io.seedfleet.engine.tracker;

import static io.seedfleet.engine.tracker.TrackerFixtures.INFO_HASH;
import static io.seedfleet.engine.tracker.TrackerFixtures.ascii;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScrapeTest {
  @Test
  void scrapeUrlReplacesALastSegmentStartingWithAnnounce() {
    assertThat(Scrape.url("http://t/announce")).contains("http://t/scrape");
    assertThat(Scrape.url("http://t/x/announce.php?pk=1")).contains("http://t/x/scrape.php?pk=1");
    assertThat(Scrape.url("http://t/announce?a=/b")).contains("http://t/scrape?a=/b");
    assertThat(Scrape.url("http://t/a")).isEqualTo(Optional.empty());
    assertThat(Scrape.url("http://t/announce/x")).isEqualTo(Optional.empty());
    assertThat(Scrape.url("http://t/x%064announce")).isEqualTo(Optional.empty());
  }

  @Test
  void scrapeUrlForOneTorrentAppendsTheInfoHash() {
    assertThat(Scrape.url("http://t/scrape?pk=1", INFO_HASH)).startsWith("http://t/scrape?pk=1&info_hash=%00%01");
  }

  @Test
  void parsesFilesByInfoHash() throws TrackerException {
    String key = new String(TrackerFixtures.sequence(0, 20), java.nio.charset.StandardCharsets.ISO_8859_1);
    byte[] body = ascii("d5:filesd20:" + key + "d8:completei4e10:downloadedi9e10:incompletei2ee"
        + "3:badd8:completei1eeee");
    assertThat(Scrape.parse(body)).containsExactly(java.util.Map.entry(INFO_HASH, new ScrapeStats(4, 9, 2)));
  }

  @Test
  void failureAndMissingFilesAreErrors() {
    assertThatThrownBy(() -> Scrape.parse(ascii("d14:failure reason4:nopee"))).hasMessageContaining("nope");
    assertThatThrownBy(() -> Scrape.parse(ascii("de"))).hasMessageContaining("no files");
  }
}
