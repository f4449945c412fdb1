package io.seedfleet.engine.wire.extension;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;

/**
 * Fuzzes the ut_metadata and ut_pex decoders: any input decodes or fails with an {@link
 * ExtensionMessageException}; whatever decodes survives an encode round trip. Regression inputs
 * live in {@code ExtensionCodecsFuzzTestInputs/<method>/}.
 */
class ExtensionCodecsFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void utMetadata(byte[] data) {
    int announced = data.length > 2 ? (data[0] & 0xFF) << 8 | (data[1] & 0xFF) : 0;
    try {
      UtMetadataMessage message = UtMetadata.decode(ByteBuffer.wrap(data), announced);
      assertThat(UtMetadata.decode(ByteBuffer.wrap(UtMetadata.encode(message)), announced)).isEqualTo(message);
    } catch (ExtensionMessageException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  @FuzzTest(maxDuration = "60s")
  void utPex(byte[] data) {
    try {
      PexMessage message = UtPex.decode(ByteBuffer.wrap(data));
      assertThat(message.added()).hasSizeLessThanOrEqualTo(2 * UtPex.MAX_PEERS_PER_LIST);
      assertThat(message.dropped()).hasSizeLessThanOrEqualTo(2 * UtPex.MAX_PEERS_PER_LIST);
      PexMessage again = UtPex.decode(ByteBuffer.wrap(UtPex.encode(message)));
      assertThat(again.added()).containsExactlyInAnyOrderElementsOf(message.added());
      assertThat(again.dropped()).containsExactlyInAnyOrderElementsOf(message.dropped());
    } catch (ExtensionMessageException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }
}
