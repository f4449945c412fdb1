package io.seedfleet.engine.picker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A whole simulated download of 100,000 pieces from 1,000 peers (20 seeds, the rest with random
 * bitfields), with lost requests, chokes and churn. Asserts the outcome (every piece had, every
 * block written exactly once), not the time; the self check is skipped at this size, so the test
 * also shows that the incremental structures stay usable at scale.
 */
class PiecePickerScaleTest {
  private static final int PIECES = 100_000;
  private static final int PIECE_LENGTH = 2 * PiecePicker.BLOCK_SIZE;
  private static final long TOTAL = (long) PIECES * PIECE_LENGTH - 5000;
  private static final int PEERS = 1_000;
  private static final int SEEDS = 20;

  @Test
  void downloadsEverythingFromAThousandPeers() {
    SplittableRandom rnd = new SplittableRandom(2024);
    PiecePicker picker = new PiecePicker(PIECES, PIECE_LENGTH, TOTAL, new SplittableRandom(99));
    Map<Integer, BitSet> bitfields = new HashMap<>();
    List<Integer> connected = new ArrayList<>();
    int nextPeerId = 0;
    for (; nextPeerId < PEERS; nextPeerId++) {
      connect(picker, nextPeerId, rnd, bitfields);
      connected.add(nextPeerId);
    }
    long totalBlocks = 0;
    for (int p = 0; p < PIECES; p++) {
      totalBlocks += picker.blockCount(p);
    }

    Map<Integer, List<BlockRequest>> inFlight = new HashMap<>();
    long written = 0;
    int rounds = 0;
    while (!picker.isComplete()) {
      rounds++;
      assertThat(rounds).as("download stalled").isLessThan(500);
      for (int peer : connected) {
        List<BlockRequest> queue = inFlight.computeIfAbsent(peer, p -> new ArrayList<>());
        int room = 16 - queue.size();
        if (room > 0) {
          picker.pick(peer, bitfields.get(peer), room, queue);
        }
      }
      for (int peer : connected) {
        List<BlockRequest> queue = inFlight.get(peer);
        List<BlockRequest> keep = new ArrayList<>();
        for (BlockRequest r : queue) {
          int roll = rnd.nextInt(100);
          if (roll < 3) {
            picker.requestAborted(peer, r.piece(), r.begin());
          } else if (roll < 80) {
            BlockResult result = picker.blockReceived(peer, r.piece(), r.begin());
            if (result.expected()) {
              written++;
              for (int other : result.cancelPeers()) {
                inFlight.get(other).remove(r);
              }
            }
            if (result.pieceComplete()) {
              picker.pieceVerified(r.piece());
            }
          } else {
            keep.add(r);
          }
        }
        queue.clear();
        queue.addAll(keep);
      }
      // Churn: a few peers choke us or leave; newcomers arrive.
      for (int i = 0; i < 10; i++) {
        int victim = connected.get(rnd.nextInt(connected.size()));
        if (rnd.nextBoolean()) {
          picker.peerChoked(victim);
          inFlight.get(victim).clear();
        } else {
          picker.peerLeft(victim);
          inFlight.remove(victim);
          bitfields.remove(victim);
          connected.remove(Integer.valueOf(victim));
          connect(picker, nextPeerId, rnd, bitfields);
          connected.add(nextPeerId++);
        }
      }
    }

    assertThat(picker.have().cardinality()).isEqualTo(PIECES);
    assertThat(picker.wantedRemaining()).isZero();
    assertThat(written).as("every block written exactly once").isEqualTo(totalBlocks);
    assertThat(picker.checkInvariant()).isTrue();
  }

  private static void connect(
      PiecePicker picker, int peer, SplittableRandom rnd, Map<Integer, BitSet> bitfields) {
    if (peer % (PEERS / SEEDS) == 0) {
      picker.peerHasAll(peer);
      bitfields.put(peer, null);
      return;
    }
    BitSet has = new BitSet(PIECES);
    int density = 5 + rnd.nextInt(60);
    for (int i = 0; i < PIECES; i++) {
      if (rnd.nextInt(100) < density) {
        has.set(i);
      }
    }
    picker.peerBitfield(peer, has);
    bitfields.put(peer, has);
  }
}
