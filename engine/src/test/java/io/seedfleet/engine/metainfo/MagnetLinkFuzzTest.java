package io.seedfleet.engine.metainfo;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes the magnet parser: any string parses or fails with a {@link MagnetException}; whatever
 * parses formats to a link that parses back to the same value. Regression inputs live in {@code
 * MagnetLinkFuzzTestInputs/parse/}.
 */
class MagnetLinkFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void parse(byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    try {
      MagnetLink link = MagnetLink.parse(text);
      assertThat(MagnetLink.parse(link.format())).isEqualTo(link);
      assertThat(link.trackers()).hasSizeLessThanOrEqualTo(MagnetLink.MAX_TRACKERS);
    } catch (MagnetException e) {
      assertThat(e.error()).isNotNull();
    }
  }
}
