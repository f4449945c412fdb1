package io.seedfleet.engine.resume;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the decoder: any input is either a usable state, which re-encodes byte for byte, or an
 * unusable result with a reason; nothing may escape. Regression inputs live in {@code
 * ResumeCodecFuzzTestInputs/decode/}.
 */
class ResumeCodecFuzzTest {
  @FuzzTest
  void decode(byte[] data) {
    ResumeLoad load = ResumeCodec.decode(data, ResumeCodecTest.EXPECTED);
    if (load instanceof ResumeLoad.Usable usable) {
      assertThat(ResumeCodec.encode(usable.state())).isEqualTo(data);
    } else {
      assertThat(((ResumeLoad.Unusable) load).reason()).isNotNull();
    }
  }
}
