package io.seedfleet.engine.peer;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedfleet.engine.picker.BlockRequest;
import io.seedfleet.engine.wire.DecodeResult;
import io.seedfleet.engine.wire.PeerMessage;
import io.seedfleet.engine.wire.WireDecoder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FramesTest {
  @Test
  void requestsGoOutBackToBackInOneBufferAndDecodeInOrder() {
    List<BlockRequest> picked = List.of(new BlockRequest(3, 0, 16384), new BlockRequest(3, 16384, 16384),
        new BlockRequest(70_000, 32768, 100));
    List<ByteBuffer> frames = Frames.requests(picked);
    assertThat(frames).hasSize(1);
    assertThat(frames.get(0).remaining()).isEqualTo(17 * picked.size());

    List<PeerMessage> decoded = new ArrayList<>();
    assertThat(new WireDecoder().decode(frames.get(0), decoded)).isEqualTo(DecodeResult.OK);
    assertThat(decoded).containsExactly(new PeerMessage.Request(3, 0, 16384), new PeerMessage.Request(3, 16384, 16384),
        new PeerMessage.Request(70_000, 32768, 100));
  }

  @Test
  void noRequestsNoFrames() {
    assertThat(Frames.requests(List.of())).isEmpty();
  }
}
