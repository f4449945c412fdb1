package io.seedfleet.engine.bencode;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the decoder: any input either decodes or fails with a {@link BencodeException}; nothing
 * else may escape. Strictly decoded input is canonical, so it must re-encode byte for byte, and
 * any leniently decoded value must re-encode into something the strict decoder accepts.
 * Regression inputs live in {@code BencodeDecoderFuzzTestInputs/decode/}.
 */
class BencodeDecoderFuzzTest {
  private static final BencodeLimits LIMITS =
      BencodeLimits.DEFAULT.withMaxInputLength(1 << 20).withMaxTokens(100_000);
  private static final BencodeDecoder LENIENT = new BencodeDecoder(LIMITS);
  private static final BencodeDecoder STRICT = new BencodeDecoder(LIMITS.withStrict(true));
  private static final BencodeDecoder PREFIX =
      new BencodeDecoder(LIMITS.withAllowTrailingData(true));

  @FuzzTest
  void decode(byte[] data) {
    try {
      BValue value = STRICT.decode(data);
      assertThat(Bencode.encode(value)).isEqualTo(data);
    } catch (BencodeException e) {
      assertThat(e.offset()).isBetween(0, data.length);
    }
    try {
      BValue value = LENIENT.decode(data);
      assertThat(STRICT.decode(Bencode.encode(value))).isEqualTo(value);
    } catch (BencodeException e) {
      assertThat(e.error()).isNotNull();
    }
    try {
      BencodeDecoder.Decoded prefix = PREFIX.decodePrefix(data, 0, data.length);
      assertThat(prefix.end()).isBetween(1, data.length);
    } catch (BencodeException e) {
      assertThat(e.error()).isNotEqualTo(BencodeError.TRAILING_DATA);
    }
  }
}
