package io.seedfleet.engine.lsd;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Any datagram either parses into an announcement that re-encodes and parses to itself, or fails
 * with {@link LsdFormatException}. Regression inputs live in {@code LsdMessageFuzzTestInputs/parse/}.
 */
class LsdMessageFuzzTest {

  @FuzzTest
  void parse(byte[] data) {
    try {
      LsdMessage message = LsdMessage.parse(data, data.length);
      assertThat(message.infoHashes()).isNotEmpty().hasSizeLessThanOrEqualTo(LsdMessage.MAX_INFO_HASHES);
      byte[] again = message.encode("239.192.152.143", 6771);
      assertThat(LsdMessage.parse(again, again.length).infoHashes()).isEqualTo(message.infoHashes());
    } catch (LsdFormatException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }
}
