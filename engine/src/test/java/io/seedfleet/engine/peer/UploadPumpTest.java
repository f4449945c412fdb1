package io.seedfleet.engine.peer;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedfleet.engine.limit.BucketChain;
import io.seedfleet.engine.net.NetConnection;
import io.seedfleet.engine.wire.PeerMessage.Request;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class UploadPumpTest {
  private static final int BLOCK = 16384;
  private final UploadPump pump = new UploadPump(BucketChain.unlimited());
  private final BitSet ourPieces = new BitSet();
  private final List<Object> wakeUps = new ArrayList<>();

  UploadPumpTest() {
    ourPieces.set(0, 4);
  }

  @Test
  void requestsWeCannotServeAreRejected() {
    assertThat(pump.admit(new Request(0, 0, BLOCK), true, ourPieces)).as("we choke the peer").isFalse();
    assertThat(pump.admit(new Request(7, 0, BLOCK), false, ourPieces)).as("we lack the piece").isFalse();
    for (int i = 0; i < UploadQueue.MAX_QUEUED; i++) {
      assertThat(pump.admit(new Request(0, 0, BLOCK), false, ourPieces)).isTrue();
    }
    assertThat(pump.admit(new Request(0, 0, BLOCK), false, ourPieces)).as("a flood").isFalse();
    assertThat(pump.droppedRequests()).isEqualTo(1);
  }

  @Test
  void batchesStayWithinTheSendQueueBound() {
    for (int i = 0; i < 300; i++) {
      pump.admit(new Request(1, 0, BLOCK), false, ourPieces);
    }
    assertThat(pump.nextBatch(() -> NetConnection.HIGH_WATER, wakeUps::add)).as("socket full").isEmpty();
    List<Request> first = pump.nextBatch(() -> 0, wakeUps::add);
    assertThat(UploadPump.bytes(first)).isEqualTo(UploadTokens.UNLIMITED_BATCH_BYTES);
    long inFlight = UploadPump.bytes(first);
    assertThat(pump.nextBatch(() -> NetConnection.HIGH_WATER - inFlight, wakeUps::add))
        .as("bytes being read count against the bound").isEmpty();
    pump.sent(inFlight);
    assertThat(pump.nextBatch(() -> NetConnection.HIGH_WATER - inFlight, wakeUps::add)).isNotEmpty();
    assertThat(wakeUps).as("unlimited: never waits for tokens").isEmpty();
  }

  @Test
  void nothingQueuedGivesNoBatchAndAChokeClearsTheQueue() {
    assertThat(pump.nextBatch(() -> 0, wakeUps::add)).isEmpty();
    pump.admit(new Request(2, 0, BLOCK), false, ourPieces);
    assertThat(pump.clear()).containsExactly(new Request(2, 0, BLOCK));
    assertThat(pump.nextBatch(() -> 0, wakeUps::add)).isEmpty();
  }
}
