package io.seedfleet.bench;

import io.seedfleet.engine.picker.BlockRequest;
import io.seedfleet.engine.picker.PiecePicker;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The piece picker in a large swarm, set up as {@code PiecePickerScaleTest} drives it: 100,000
 * pieces, 1,000 peers (20 seeds, the others with random bitfields of 5-65% density), a fifth of
 * the pieces already had, every peer with requests in flight and a few hundred partial pieces
 * with a received block and a free one (open). Each operation is one {@code pick} of up to 16
 * blocks for the next peer in turn, followed by aborting what it picked so that the swarm stays in
 * the same state; the abort is therefore included in the figure.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PiecePickerBenchmark {
  static final int PIECES = 100_000;
  static final int PEERS = 1_000;
  static final int SEEDS = 20;
  static final int PICK_BLOCKS = 16;

  /** 2: 32 KiB pieces, as in the scale test; 16: 256 KiB pieces. */
  @Param({"2", "16"})
  public int blocksPerPiece;

  private PiecePicker picker;
  private final BitSet[] bitfields = new BitSet[PEERS];
  private final List<BlockRequest> out = new ArrayList<>();
  private BitSet newcomer;
  private int nextPeer;

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(2024);
    int pieceLength = blocksPerPiece * PiecePicker.BLOCK_SIZE;
    picker =
        new PiecePicker(PIECES, pieceLength, (long) PIECES * pieceLength - 5000, new SplittableRandom(99));
    for (int peer = 0; peer < PEERS; peer++) {
      if (peer % (PEERS / SEEDS) == 0) {
        picker.peerHasAll(peer);
      } else {
        bitfields[peer] = randomBitfield(random);
        picker.peerBitfield(peer, bitfields[peer]);
      }
    }
    for (int i = 0; i < PIECES / 5; i++) {
      picker.markHave(random.nextInt(PIECES));
    }
    // Requests in flight from every peer; the first 300 peers got one block and lost one, leaving
    // open partial pieces that every later pick looks at first.
    List<BlockRequest> picked = new ArrayList<>();
    for (int peer = 0; peer < PEERS; peer++) {
      picked.clear();
      picker.pick(peer, bitfields[peer], 4, picked);
      if (peer < 300 && picked.size() == 4) {
        picker.blockReceived(peer, picked.get(0).piece(), picked.get(0).begin());
        picker.requestAborted(peer, picked.get(3).piece(), picked.get(3).begin());
      }
    }
    newcomer = randomBitfield(random);
    if (picker.inEndgame() || !picker.checkInvariant()) {
      throw new IllegalStateException("the swarm is not in the intended state");
    }
  }

  private static BitSet randomBitfield(SplittableRandom random) {
    BitSet has = new BitSet(PIECES);
    int density = 5 + random.nextInt(60);
    for (int i = 0; i < PIECES; i++) {
      if (random.nextInt(100) < density) {
        has.set(i);
      }
    }
    return has;
  }

  /** One pick of up to 16 blocks for the next peer, then the abort of those requests. */
  @Benchmark
  public int pickAndAbort() {
    int peer = nextPeer;
    nextPeer = (nextPeer + 1) % PEERS;
    out.clear();
    int n = picker.pick(peer, bitfields[peer], PICK_BLOCKS, out);
    for (BlockRequest r : out) {
      picker.requestAborted(peer, r.piece(), r.begin());
    }
    return n;
  }

  /** A peer arrives with a 5-65% bitfield and leaves again: O(pieces it has) each way. */
  @Benchmark
  public int peerBitfieldAndLeave() {
    int peer = PEERS + 1;
    picker.peerBitfield(peer, newcomer);
    int availability = picker.availability(0);
    picker.peerLeft(peer);
    return availability;
  }
}
