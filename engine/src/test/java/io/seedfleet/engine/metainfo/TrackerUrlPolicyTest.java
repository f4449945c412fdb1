package io.seedfleet.engine.metainfo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrackerUrlPolicyTest {

  @Test
  void publicTrackersAndLocalAnnounceUrlsAreAccepted() {
    assertThat(TrackerUrlPolicy.refusal("http://tracker.example.org:6969/announce")).isEmpty();
    assertThat(TrackerUrlPolicy.refusal("https://tracker.example.org/a/b?passkey=1")).isEmpty();
    assertThat(TrackerUrlPolicy.refusal("http://127.0.0.1:6969/announce")).isEmpty();
    assertThat(TrackerUrlPolicy.refusal("http://10.1.2.3/x/announce")).isEmpty();
    assertThat(TrackerUrlPolicy.refusal("udp://192.168.1.1:1337")).isEmpty();
  }

  @Test
  void localServicesBehindOtherPathsAreRefused() {
    assertThat(TrackerUrlPolicy.refusal("http://169.254.169.254/latest/meta-data/")).hasValueSatisfying(
        r -> assertThat(r).contains("/announce"));
    assertThat(TrackerUrlPolicy.refusal("http://127.0.0.1:8080/admin?x=")).isPresent();
    assertThat(TrackerUrlPolicy.refusal("http://localhost:9200/_all")).isPresent();
    assertThat(TrackerUrlPolicy.refusal("http://[::1]:80/delete")).isPresent();
    assertThat(TrackerUrlPolicy.refusal("http://[fd00::1]/anything")).isPresent();
  }

  @Test
  void otherSchemesAndGarbageAreRefused() {
    assertThat(TrackerUrlPolicy.refusal("file:///etc/passwd")).hasValueSatisfying(r -> assertThat(r).contains("scheme"));
    assertThat(TrackerUrlPolicy.refusal("gopher://127.0.0.1:25/")).isPresent();
    assertThat(TrackerUrlPolicy.refusal("http://")).isPresent();
    assertThat(TrackerUrlPolicy.refusal("ht tp://x")).isPresent();
  }

  @Test
  void aMagnetKeepsGoodTrackersAndReportsRefusedOnes() throws Exception {
    MagnetLink link = MagnetLink.parse("magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567"
        + "&tr=http%3A%2F%2F169.254.169.254%2Flatest&tr=http%3A%2F%2Ftracker.example%2Fannounce");
    assertThat(link.trackers()).containsExactly("http://tracker.example/announce");
    assertThat(link.refusedTrackers()).singleElement().asString().startsWith("http://169.254.169.254/latest: ");
  }
}
