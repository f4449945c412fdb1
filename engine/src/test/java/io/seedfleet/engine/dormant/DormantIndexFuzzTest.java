package io.seedfleet.engine.dormant;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the index decoder: any input is either records whose re-encoding decodes to the same
 * records, or unusable with a reason; nothing may escape. {@code decodeBody} frames its input with
 * a valid header and CRC so the fuzzer reaches the body. Regression inputs live in {@code
 * DormantIndexFuzzTestInputs/decode/} and {@code .../decodeBody/}.
 */
class DormantIndexFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void decode(byte[] data) {
    check(data);
  }

  @FuzzTest(maxDuration = "60s")
  void decodeBody(byte[] body) {
    check(DormantIndexTest.frame(body));
  }

  private static void check(byte[] data) {
    DormantIndex.Load load = DormantIndex.decode(data);
    if (load instanceof DormantIndex.Loaded loaded) {
      assertThat(DormantIndex.decode(DormantIndex.encode(loaded.torrents()))).isEqualTo(load);
    } else {
      assertThat(((DormantIndex.Unusable) load).reason()).isNotNull();
    }
  }
}
