package io.seedfleet.engine.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Random bytes into {@link WireDecoder}: it must never throw, whatever it decodes must re-encode to
 * exactly the bytes it came from, and feeding the same bytes in fragments must give the same
 * messages and the same error. Seeds live in {@code WireDecoderFuzzTestInputs/decodeRoundTrip}.
 */
class WireDecoderFuzzTest {
  /** Small, so that the fuzzer reaches PACKET_TOO_LARGE and split frames with short inputs. */
  private static final int MAX_MESSAGE_LENGTH = 4096;

  @FuzzTest(maxDuration = "60s")
  void decodeRoundTrip(byte[] data) {
    WireDecoder whole = new WireDecoder(MAX_MESSAGE_LENGTH);
    List<PeerMessage> messages = new ArrayList<>();
    ByteBuffer in = ByteBuffer.wrap(data);
    DecodeResult result = whole.decode(in, messages);
    assertThat(in.hasRemaining()).isFalse();

    byte[] reEncoded = WireDecoderTest.encodeAll(messages);
    assertThat(reEncoded.length).isLessThanOrEqualTo(data.length);
    assertThat(reEncoded).isEqualTo(Arrays.copyOf(data, reEncoded.length));
    if (result.isOk()) {
      // Whatever was not decoded must be the start of an unfinished frame.
      assertThat(whole.hasPartialFrame()).isEqualTo(reEncoded.length < data.length);
    }

    WireDecoder split = new WireDecoder(MAX_MESSAGE_LENGTH);
    List<PeerMessage> splitMessages = new ArrayList<>();
    DecodeResult splitResult = DecodeResult.OK;
    int offset = 0;
    for (int step = 0; offset < data.length; step++) {
      int chunk = Math.min(data.length - offset, 1 + (step * 7 + (data[offset] & 0x0F)) % 23);
      splitResult = split.decode(ByteBuffer.wrap(data, offset, chunk), splitMessages);
      offset += chunk;
    }
    assertThat(splitMessages).isEqualTo(messages);
    assertThat(errorOf(splitResult)).isEqualTo(errorOf(result));
  }

  private static WireError errorOf(DecodeResult result) {
    return result instanceof DecodeResult.Failure failure ? failure.error() : null;
  }
}
