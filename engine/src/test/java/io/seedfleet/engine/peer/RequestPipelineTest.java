package io.seedfleet.engine.peer;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedfleet.engine.picker.BlockRequest;
import org.junit.jupiter.api.Test;

class RequestPipelineTest {
  private final RequestPipeline pipeline = new RequestPipeline();

  @Test
  void onlyRequestedBlocksOfTheRightLengthComplete() {
    pipeline.add(new BlockRequest(1, 0, 16384));
    assertThat(pipeline.complete(1, 0, 100)).isNull();
    assertThat(pipeline.complete(1, 16384, 16384)).isNull();
    assertThat(pipeline.complete(1, 0, 16384)).isEqualTo(new BlockRequest(1, 0, 16384));
    assertThat(pipeline.complete(1, 0, 16384)).as("a second copy is waste").isNull();
  }

  @Test
  void depthFollowsTheMeasuredRateWithinBounds() {
    pipeline.adapt(0);
    assertThat(pipeline.depth()).isGreaterThanOrEqualTo(RequestPipeline.MIN_DEPTH);
    pipeline.adapt(100L << 20); // 100 MiB/s: 6400 blocks a second
    assertThat(pipeline.depth()).isEqualTo(RequestPipeline.MAX_DEPTH);
    for (int i = 0; i < 20; i++) {
      pipeline.adapt(160 * 1024); // 10 blocks a second
    }
    assertThat(pipeline.depth()).isEqualTo(RequestPipeline.MIN_DEPTH);
  }

  @Test
  void wantedRespectsThePeersQueueAndAsksInBatches() {
    pipeline.adapt(100L << 20);
    pipeline.setPeerLimit(100);
    assertThat(pipeline.wanted()).isEqualTo(100);
    for (int i = 0; i < 90; i++) {
      pipeline.add(new BlockRequest(i, 0, 16384));
    }
    assertThat(pipeline.wanted()).as("10 free slots are below a quarter of 100").isZero();
    pipeline.clear();
    assertThat(pipeline.wanted()).isEqualTo(100);
  }
}
