package io.seedfleet.engine.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Random bytes into {@link HandshakeCodec}: it must never throw, a decoded handshake must re-encode
 * to the same 68 bytes, "need more" must consume nothing, and the header-then-peer-id path must
 * agree with the full decode. Seeds live in {@code HandshakeCodecFuzzTestInputs/decode}.
 */
class HandshakeCodecFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void decode(byte[] data) {
    ByteBuffer in = ByteBuffer.wrap(data);
    HandshakeResult<Handshake> full = HandshakeCodec.decode(in);

    ByteBuffer headerIn = ByteBuffer.wrap(data);
    HandshakeResult<Handshake.Header> header = HandshakeCodec.decodeHeader(headerIn);

    switch (full) {
      case HandshakeResult.Decoded<Handshake> decoded -> {
        assertThat(in.position()).isEqualTo(HandshakeCodec.LENGTH);
        ByteBuffer out = ByteBuffer.allocate(HandshakeCodec.LENGTH);
        HandshakeCodec.encode(decoded.value(), out);
        assertThat(out.array()).isEqualTo(Arrays.copyOf(data, HandshakeCodec.LENGTH));
        assertThat(header).isInstanceOf(HandshakeResult.Decoded.class);
        HandshakeResult<PeerId> peerId = HandshakeCodec.decodePeerId(headerIn);
        assertThat(peerId).isEqualTo(new HandshakeResult.Decoded<>(decoded.value().peerId()));
      }
      case HandshakeResult.NeedMore<Handshake> needMore -> {
        assertThat(in.position()).isZero();
        assertThat(needMore.missingBytes()).isEqualTo(HandshakeCodec.LENGTH - data.length);
        assertThat(header).isNotInstanceOf(HandshakeResult.Failure.class);
      }
      case HandshakeResult.Failure<Handshake> failure -> {
        assertThat(in.position()).isZero();
        assertThat(failure.message()).isNotBlank();
        // A failure is decided by the first 20 bytes, which the header decode sees too.
        assertThat(header).isInstanceOf(HandshakeResult.Failure.class);
      }
    }
  }
}
