package io.seedfleet.engine.resume;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * Fuzzes the decoder: any input is either a usable state, whose re-encoding decodes to the same
 * state, or an unusable result with a reason; nothing may escape. (Not byte for byte: Kryo reads
 * non-minimal varints and trailing zero bitset words, which carry the same state.) {@code decode} takes whole files; {@code
 * decodeBody} frames its input with a valid header and CRC, so the fuzzer reaches the Kryo body
 * (a CRC is a wall it rarely gets through). Regression inputs live in {@code
 * ResumeCodecFuzzTestInputs/decode/} and {@code .../decodeBody/}.
 */
class ResumeCodecFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void decode(byte[] data) {
    check(data);
  }

  @FuzzTest(maxDuration = "60s")
  void decodeBody(byte[] body) {
    ByteBuffer framed = ByteBuffer.allocate(6 + body.length + 4);
    framed.put(ResumeCodec.MAGIC).putShort((short) ResumeCodec.FORMAT_VERSION).put(body);
    CRC32 crc = new CRC32();
    crc.update(framed.array(), 0, framed.position());
    framed.putInt((int) crc.getValue());
    check(framed.array());
  }

  private static void check(byte[] data) {
    ResumeLoad load = ResumeCodec.decode(data, ResumeCodecTest.EXPECTED);
    if (load instanceof ResumeLoad.Usable usable) {
      assertThat(ResumeCodec.decode(ResumeCodec.encode(usable.state()), ResumeCodecTest.EXPECTED)).isEqualTo(load);
    } else {
      assertThat(((ResumeLoad.Unusable) load).reason()).isNotNull();
    }
  }
}
