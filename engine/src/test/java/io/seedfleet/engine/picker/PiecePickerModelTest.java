package io.seedfleet.engine.picker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Drives the picker with random events and checks, after each one, its own invariant plus what a
 * caller relies on: no block twice to one peer, nothing we have or do not want, only pieces the
 * peer has, duplicates only in endgame, and cancels naming exactly the other requesters.
 */
class PiecePickerModelTest {
  private static final int PEERS = 6;

  private record Req(int peer, int piece, int begin) {}

  private final Map<Integer, BitSet> peerPieces = new HashMap<>();
  private final Set<Integer> haveAll = new HashSet<>();
  private final Set<Req> outstanding = new HashSet<>();
  private final Set<Integer> awaitingHash = new HashSet<>();

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
  void randomEventsKeepEveryInvariant(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int pieceCount = 1 + rnd.nextInt(30);
    int pieceLength = PiecePicker.BLOCK_SIZE * (1 + rnd.nextInt(4));
    long total = (long) (pieceCount - 1) * pieceLength + 1 + rnd.nextInt(pieceLength);
    PiecePicker picker = new PiecePicker(pieceCount, pieceLength, total, new SplittableRandom(seed));

    for (int step = 0; step < 3000; step++) {
      int peer = rnd.nextInt(PEERS);
      switch (rnd.nextInt(14)) {
        case 0 -> {
          BitSet b = randomBits(rnd, pieceCount);
          picker.peerBitfield(peer, b);
          peerPieces.put(peer, b);
          haveAll.remove(peer);
        }
        case 1 -> {
          picker.peerHasAll(peer);
          haveAll.add(peer);
          peerPieces.remove(peer);
        }
        case 2 -> {
          int piece = rnd.nextInt(pieceCount);
          picker.peerHas(peer, piece);
          peerPieces.computeIfAbsent(peer, p -> new BitSet()).set(piece);
        }
        case 3 -> {
          picker.peerLeft(peer);
          peerPieces.remove(peer);
          haveAll.remove(peer);
          outstanding.removeIf(r -> r.peer() == peer);
        }
        case 4 -> {
          picker.peerChoked(peer);
          outstanding.removeIf(r -> r.peer() == peer);
        }
        case 5, 6, 7 -> pickAndCheck(picker, peer, 1 + rnd.nextInt(6));
        case 8, 9 -> receiveOne(picker, rnd, pieceLength);
        case 10 -> abortOne(picker, rnd);
        case 11 -> hashOne(picker, rnd);
        case 12 -> picker.setPiecePriority(rnd.nextInt(pieceCount), rnd.nextInt(8));
        case 13 -> {
          if (rnd.nextInt(10) == 0) {
            int piece = rnd.nextInt(pieceCount);
            picker.markHave(piece);
            dropPiece(piece);
          }
        }
        default -> throw new AssertionError();
      }
      assertThat(picker.checkInvariant()).isTrue();
    }

    // Finish: everything wanted again, one seed, no other peers.
    for (int p = 0; p < PEERS; p++) {
      picker.peerLeft(p);
    }
    outstanding.clear();
    for (int piece = 0; piece < pieceCount; piece++) {
      picker.setPiecePriority(piece, 1 + rnd.nextInt(7));
    }
    picker.peerHasAll(0);
    haveAll.add(0);
    for (int guard = 0; !picker.isComplete(); guard++) {
      assertThat(guard).isLessThan(100_000);
      for (int piece : List.copyOf(awaitingHash)) {
        picker.pieceVerified(piece);
        awaitingHash.remove(piece);
      }
      pickAndCheck(picker, 0, 8);
      while (!outstanding.isEmpty()) {
        receiveOne(picker, rnd, pieceLength);
      }
    }
    assertThat(picker.have().cardinality()).isEqualTo(pieceCount);
    assertThat(picker.checkInvariant()).isTrue();
  }

  private void pickAndCheck(PiecePicker picker, int peer, int max) {
    boolean endgameBefore = picker.inEndgame();
    BitSet has = haveAll.contains(peer) ? null : peerPieces.getOrDefault(peer, new BitSet());
    List<BlockRequest> out = new ArrayList<>();
    int n = picker.pick(peer, has, max, out);
    assertThat(n).isEqualTo(out.size()).isLessThanOrEqualTo(max);
    BitSet had = picker.have();
    for (BlockRequest r : out) {
      assertThat(had.get(r.piece())).as("picked a piece we have").isFalse();
      assertThat(picker.piecePriority(r.piece())).as("picked an unwanted piece").isPositive();
      assertThat(haveAll.contains(peer) || has.get(r.piece())).as("peer lacks the piece").isTrue();
      assertThat(r.begin() % PiecePicker.BLOCK_SIZE).isZero();
      assertThat(r.length()).isEqualTo(picker.blockLength(r.piece(), r.begin() / PiecePicker.BLOCK_SIZE));
      Req req = new Req(peer, r.piece(), r.begin());
      assertThat(outstanding.add(req)).as("block handed twice to one peer").isTrue();
      boolean someoneElse = outstanding.stream().anyMatch(o -> o.peer() != peer
          && o.piece() == r.piece() && o.begin() == r.begin());
      if (someoneElse) {
        assertThat(endgameBefore || picker.inEndgame()).as("duplicate outside endgame").isTrue();
      }
    }
  }

  private void receiveOne(PiecePicker picker, SplittableRandom rnd, int pieceLength) {
    if (outstanding.isEmpty() || rnd.nextInt(8) == 0) {
      // A block nobody asked this peer for: must be unexpected unless endgame makes it welcome.
      int peer = rnd.nextInt(PEERS);
      int piece = rnd.nextInt(picker.pieceCount());
      int begin = rnd.nextInt(pieceLength / PiecePicker.BLOCK_SIZE + 1) * PiecePicker.BLOCK_SIZE;
      boolean anyRequested = outstanding.stream().anyMatch(o -> o.piece() == piece && o.begin() == begin);
      boolean endgame = picker.inEndgame();
      BlockResult result = picker.blockReceived(peer, piece, begin);
      boolean mine = outstanding.contains(new Req(peer, piece, begin));
      assertThat(result.expected()).isEqualTo(mine || (endgame && anyRequested));
      settle(peer, piece, begin, result);
      return;
    }
    Req r = List.copyOf(outstanding).get(rnd.nextInt(outstanding.size()));
    BlockResult result = picker.blockReceived(r.peer(), r.piece(), r.begin());
    assertThat(result.expected()).isTrue();
    settle(r.peer(), r.piece(), r.begin(), result);
  }

  private void settle(int peer, int piece, int begin, BlockResult result) {
    if (!result.expected()) {
      return;
    }
    Set<Integer> others = new HashSet<>();
    for (Req o : outstanding) {
      if (o.piece() == piece && o.begin() == begin && o.peer() != peer) {
        others.add(o.peer());
      }
    }
    assertThat(result.cancelPeers()).containsExactlyInAnyOrderElementsOf(others);
    outstanding.removeIf(o -> o.piece() == piece && o.begin() == begin);
    if (result.pieceComplete()) {
      awaitingHash.add(piece);
    }
  }

  private void abortOne(PiecePicker picker, SplittableRandom rnd) {
    if (outstanding.isEmpty()) {
      return;
    }
    Req r = List.copyOf(outstanding).get(rnd.nextInt(outstanding.size()));
    picker.requestAborted(r.peer(), r.piece(), r.begin());
    outstanding.remove(r);
  }

  private void hashOne(PiecePicker picker, SplittableRandom rnd) {
    if (awaitingHash.isEmpty()) {
      return;
    }
    int piece = List.copyOf(awaitingHash).get(rnd.nextInt(awaitingHash.size()));
    if (rnd.nextBoolean()) {
      picker.pieceVerified(piece);
      assertThat(picker.have().get(piece)).isTrue();
    } else {
      picker.pieceFailed(piece);
    }
    dropPiece(piece);
  }

  private void dropPiece(int piece) {
    outstanding.removeIf(o -> o.piece() == piece);
    awaitingHash.remove(piece);
  }

  private static BitSet randomBits(SplittableRandom rnd, int n) {
    BitSet b = new BitSet();
    int density = rnd.nextInt(101);
    for (int i = 0; i < n; i++) {
      if (rnd.nextInt(100) < density) {
        b.set(i);
      }
    }
    return b;
  }
}
