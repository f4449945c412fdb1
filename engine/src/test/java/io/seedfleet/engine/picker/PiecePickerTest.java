package io.seedfleet.engine.picker;

import static io.seedfleet.engine.picker.PickerDsl.BLOCK;
import static io.seedfleet.engine.picker.PickerDsl.OTHER_SEED;
import static io.seedfleet.engine.picker.PickerDsl.SEED;
import static io.seedfleet.engine.picker.PickerDsl.THIRD_SEED;
import static io.seedfleet.engine.picker.PickerDsl.bits;
import static io.seedfleet.engine.picker.PickerDsl.block;
import static io.seedfleet.engine.picker.PickerDsl.pick;
import static io.seedfleet.engine.picker.PickerDsl.picker;
import static io.seedfleet.engine.picker.PickerDsl.pieces;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PiecePickerTest {

  @Test
  void picksRarestFirstAndSkipsPiecesWeHave() {
    PiecePicker picker = picker("4179253", "   1   ");

    assertThat(pieces(pick(picker, SEED, 10))).containsExactly(1, 4, 6, 0, 5, 2);
  }

  @Test
  void bitfieldPeerOnlyGetsPiecesItHas() {
    PiecePicker picker = picker("4179253", "");
    BitSet peerHas = bits("1 1 1 1");
    picker.peerBitfield(7, peerHas);

    // availability now 5,1,8,9,3,5,4: of the peer's pieces 0,2,4,6 -> 4(3), 6(4), 0(5), 2(8)
    assertThat(pieces(pick(picker, 7, peerHas, 10))).containsExactly(4, 6, 0, 2);
    assertThat(pick(picker, 7, peerHas, 10)).isEmpty();
  }

  @Test
  void haveAllPeersAreACounterAndFullBitfieldsBecomeOne() {
    PiecePicker picker = picker("102", "");
    assertThat(picker.availability(0)).isEqualTo(1 + 3);
    assertThat(picker.availability(1)).isEqualTo(0 + 3);

    picker.peerBitfield(9, bits("111"));
    picker.peerHas(10, 0);
    picker.peerHas(10, 1);
    picker.peerHas(10, 2);
    assertThat(picker.availability(1)).isEqualTo(5);

    picker.peerLeft(9);
    picker.peerLeft(SEED);
    assertThat(picker.availability(0)).isEqualTo(1 + 3);
    assertThat(picker.availability(1)).isEqualTo(3);
    picker.peerBitfield(10, bits(" 1")); // a bitfield replaces the earlier have-all
    assertThat(picker.availability(0)).isEqualTo(1 + 2);
    assertThat(picker.availability(1)).isEqualTo(1 + 2);
  }

  @Test
  void equallyRarePiecesAreChosenAtRandomButReproducibly() {
    int[] firstPicks = new int[10];
    for (long seed = 0; seed < 500; seed++) {
      PiecePicker picker = picker("2222222222", "", "", 1, seed);
      firstPicks[pieces(pick(picker, SEED, 1)).getFirst()]++;
    }
    // Uniform would be 50 each; every piece is chosen sometimes, none dominates.
    assertThat(java.util.Arrays.stream(firstPicks).boxed().toList())
        .allSatisfy(count -> assertThat(count).isBetween(20, 90));

    List<Integer> once = pieces(pick(picker("2222222222", "", "", 1, 7), SEED, 10));
    List<Integer> again = pieces(pick(picker("2222222222", "", "", 1, 7), SEED, 10));
    assertThat(once).isEqualTo(again).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(once).isNotEqualTo(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
  }

  @Test
  void finishesPartialPiecesBeforeStartingRarerOnes() {
    PiecePicker picker = picker("5123", "", "", 4, 1);
    assertThat(pick(picker, SEED, 2)).containsExactly(block(1, 0), block(1, 1));

    // Piece 1 is still the rarest, but even a rarer new piece would not beat an open partial.
    picker.setPiecePriority(3, 7);
    assertThat(pick(picker, OTHER_SEED, 3)).containsExactly(block(1, 2), block(1, 3), block(3, 0));
  }

  @Test
  void prefersPartialsThePeerIsAlreadyDownloading() {
    PiecePicker picker = picker("1234", "", "", 4, 1);
    assertThat(pieces(pick(picker, SEED, 2))).containsExactly(0, 0);
    assertThat(pieces(pick(picker, OTHER_SEED, 2))).containsExactly(0, 0);
    assertThat(pieces(pick(picker, OTHER_SEED, 1))).containsExactly(1);
    picker.requestAborted(SEED, 0, 0);

    // Piece 0 (rarer) and piece 1 are both open; OTHER_SEED already works on both, SEED on 0.
    assertThat(pick(picker, SEED, 1)).containsExactly(block(0, 0));
    picker.requestAborted(SEED, 0, 0);
    picker.requestAborted(OTHER_SEED, 0, 2 * BLOCK);
    picker.requestAborted(OTHER_SEED, 0, 3 * BLOCK);
    // OTHER_SEED has no requests in piece 0 any more: it continues its own piece 1.
    assertThat(pieces(pick(picker, OTHER_SEED, 3))).containsExactly(1, 1, 1);
  }

  @Test
  void higherPriorityFirstAndPriorityZeroNever() {
    PiecePicker picker = picker("1111", "", "1704", 1, 3);
    assertThat(picker.wantedRemaining()).isEqualTo(3);

    assertThat(pieces(pick(picker, SEED, 10))).containsExactly(1, 3, 0);
    for (int piece : List.of(0, 1, 3)) {
      assertThat(picker.blockReceived(SEED, piece, 0).pieceComplete()).isTrue();
      picker.pieceVerified(piece);
    }
    assertThat(picker.isComplete()).isTrue();
    assertThat(picker.inEndgame()).isFalse();
    assertThat(pick(picker, SEED, 10)).isEmpty();

    picker.setPiecePriority(2, 1);
    assertThat(picker.isComplete()).isFalse();
    assertThat(pieces(pick(picker, SEED, 10))).containsExactly(2);
  }

  @Test
  void priorityBeatsRarity() {
    PiecePicker picker = picker("1239", "", "   5", 1, 3);
    assertThat(pieces(pick(picker, SEED, 10))).containsExactly(3, 0, 1, 2);
  }

  @Test
  void aPartialSetToPriorityZeroIsNoLongerOffered() {
    PiecePicker picker = picker("12", "", "", 2, 3);
    assertThat(pick(picker, SEED, 1)).containsExactly(block(0, 0));
    picker.setPiecePriority(0, 0);

    assertThat(pieces(pick(picker, OTHER_SEED, 10))).containsExactly(1, 1);
    assertThat(picker.wantedRemaining()).isEqualTo(1);
  }

  @Test
  void endgameHandsOutDuplicatesOnceAndNamesPeersToCancel() {
    PiecePicker picker = picker("1", "", "", 2, 3);
    assertThat(pick(picker, SEED, 5)).containsExactly(block(0, 0), block(0, 1));
    assertThat(picker.inEndgame()).isTrue();

    assertThat(pick(picker, SEED, 5)).as("never twice to the same peer").isEmpty();
    assertThat(pick(picker, OTHER_SEED, 5)).containsExactlyInAnyOrder(block(0, 0), block(0, 1));

    BlockResult first = picker.blockReceived(OTHER_SEED, 0, BLOCK);
    assertThat(first).isEqualTo(new BlockResult(true, false, List.of(SEED)));
    BlockResult late = picker.blockReceived(SEED, 0, BLOCK);
    assertThat(late).isEqualTo(BlockResult.UNEXPECTED);

    BlockResult last = picker.blockReceived(SEED, 0, 0);
    assertThat(last).isEqualTo(new BlockResult(true, true, List.of(OTHER_SEED)));
    picker.pieceVerified(0);
    assertThat(picker.isComplete()).isTrue();
    assertThat(picker.inEndgame()).isFalse();
  }

  @Test
  void endgamePrefersBlocksWithFewestRequesters() {
    PiecePicker picker = picker("1", "", "", 2, 3);
    pick(picker, SEED, 2);
    List<BlockRequest> second = pick(picker, OTHER_SEED, 1);
    assertThat(second).hasSize(1);

    List<BlockRequest> third = pick(picker, THIRD_SEED, 1);
    assertThat(third).hasSize(1).doesNotContainAnyElementsOf(second);
  }

  @Test
  void inEndgameABlockFromAnyPeerThatSomeoneRequestedIsExpected() {
    PiecePicker picker = picker("1", "", "", 1, 3);
    pick(picker, SEED, 1);
    BlockResult result = picker.blockReceived(OTHER_SEED, 0, 0);
    assertThat(result).isEqualTo(new BlockResult(true, true, List.of(SEED)));
  }

  @Test
  void unrequestedDuplicateAndOutOfRangeBlocksAreUnexpected() {
    PiecePicker picker = picker("11", " 1", "", 2, 3);
    assertThat(picker.blockReceived(SEED, 0, 0)).isEqualTo(BlockResult.UNEXPECTED);
    pick(picker, SEED, 1);
    assertThat(picker.inEndgame()).isFalse();
    assertThat(picker.blockReceived(OTHER_SEED, 0, 0)).as("not ours, not endgame")
        .isEqualTo(BlockResult.UNEXPECTED);
    assertThat(picker.blockReceived(SEED, 1, 0)).as("a piece we have").isEqualTo(BlockResult.UNEXPECTED);
    assertThat(picker.blockReceived(SEED, 0, 1)).as("misaligned").isEqualTo(BlockResult.UNEXPECTED);
    assertThat(picker.blockReceived(SEED, 0, 2 * BLOCK)).as("past the piece").isEqualTo(BlockResult.UNEXPECTED);
    assertThat(picker.blockReceived(SEED, 2, 0)).as("no such piece").isEqualTo(BlockResult.UNEXPECTED);
    assertThat(picker.blockReceived(SEED, -1, 0)).isEqualTo(BlockResult.UNEXPECTED);

    assertThat(picker.blockReceived(SEED, 0, 0).expected()).isTrue();
    assertThat(picker.blockReceived(SEED, 0, 0)).as("duplicate").isEqualTo(BlockResult.UNEXPECTED);
  }

  @Test
  void peerLeftReleasesItsRequestsAndAvailability() {
    PiecePicker picker = picker("21", "", "", 2, 3);
    picker.peerHas(50, 1);
    assertThat(pick(picker, 50, bits(" 1"), 10)).containsExactly(block(1, 0), block(1, 1));
    assertThat(picker.availability(1)).isEqualTo(5);

    picker.peerLeft(50);
    assertThat(picker.availability(1)).isEqualTo(4);
    assertThat(pick(picker, SEED, 10))
        .containsExactly(block(1, 0), block(1, 1), block(0, 0), block(0, 1));
  }

  @Test
  void peerChokedReleasesRequestsButKeepsAvailability() {
    PiecePicker picker = picker("12", "", "", 2, 3);
    picker.peerHas(50, 0);
    assertThat(pick(picker, 50, bits("1"), 1)).containsExactly(block(0, 0));
    picker.peerChoked(50);
    assertThat(picker.availability(0)).isEqualTo(1 + 3 + 1);
    assertThat(pick(picker, SEED, 1)).containsExactly(block(0, 0));
  }

  @Test
  void abortedRequestFreesTheBlockAndAnUntouchedPieceBecomesFreshAgain() {
    PiecePicker picker = picker("12", "", "", 2, 3);
    pick(picker, SEED, 2);
    picker.blockReceived(SEED, 0, 0);
    picker.requestAborted(SEED, 0, BLOCK);
    picker.requestAborted(SEED, 0, BLOCK); // twice is harmless
    picker.requestAborted(OTHER_SEED, 0, 0); // never requested: ignored
    assertThat(pick(picker, OTHER_SEED, 1)).containsExactly(block(0, 1));

    PiecePicker other = picker("12", "", "", 2, 3);
    pick(other, SEED, 1);
    other.requestAborted(SEED, 0, 0);
    assertThat(other.inEndgame()).isFalse();
    assertThat(pick(other, OTHER_SEED, 4))
        .containsExactly(block(0, 0), block(0, 1), block(1, 0), block(1, 1));
  }

  @Test
  void failedPieceIsWantedAgainInFull() {
    PiecePicker picker = picker("1", "", "", 3, 3);
    pick(picker, SEED, 3);
    assertThat(picker.blockReceived(SEED, 0, 0).pieceComplete()).isFalse();
    assertThat(picker.blockReceived(SEED, 0, BLOCK).pieceComplete()).isFalse();
    assertThat(picker.blockReceived(SEED, 0, 2 * BLOCK).pieceComplete()).isTrue();

    picker.pieceFailed(0);
    assertThat(picker.isComplete()).isFalse();
    assertThat(pick(picker, OTHER_SEED, 5)).containsExactly(block(0, 0), block(0, 1), block(0, 2));
  }

  @Test
  void lastPieceAndLastBlockAreShort() {
    int pieceLength = 2 * BLOCK;
    long total = 2L * pieceLength + BLOCK + 3616;
    PiecePicker picker = new PiecePicker(3, pieceLength, total, new SplittableRandom(1));
    picker.peerHasAll(SEED);
    picker.setPiecePriority(0, 0);
    picker.setPiecePriority(1, 0);

    assertThat(picker.pieceSize(2)).isEqualTo(BLOCK + 3616);
    assertThat(picker.blockCount(2)).isEqualTo(2);
    List<BlockRequest> requests = pick(picker, SEED, 10);
    assertThat(requests).containsExactly(new BlockRequest(2, 0, BLOCK), new BlockRequest(2, BLOCK, 3616));
    assertThat(picker.blockReceived(SEED, 2, BLOCK).expected()).isTrue();
    assertThat(picker.blockReceived(SEED, 2, 2 * BLOCK)).isEqualTo(BlockResult.UNEXPECTED);

    PiecePicker tiny = new PiecePicker(1, 4 * BLOCK, 100, new SplittableRandom(1));
    tiny.peerHasAll(SEED);
    assertThat(pick(tiny, SEED, 10)).containsExactly(new BlockRequest(0, 0, 100));

    PiecePicker odd = new PiecePicker(2, BLOCK + 10, 2L * (BLOCK + 10), new SplittableRandom(1));
    odd.peerHasAll(SEED);
    assertThat(pick(odd, SEED, 10)).extracting(BlockRequest::length)
        .containsExactlyInAnyOrder(BLOCK, 10, BLOCK, 10);
  }

  @Test
  void rejectsImpossibleGeometryAndPriorities() {
    assertThatThrownBy(() -> new PiecePicker(0, BLOCK, 1, new SplittableRandom()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PiecePicker(2, BLOCK, BLOCK, new SplittableRandom()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PiecePicker(2, BLOCK, 2L * BLOCK + 1, new SplittableRandom()))
        .isInstanceOf(IllegalArgumentException.class);
    PiecePicker picker = picker("1", "");
    assertThatThrownBy(() -> picker.setPiecePriority(0, 8)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> picker.peerHas(SEED, 1)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void markHaveDropsAPartialAndItsRequests() {
    PiecePicker picker = picker("12", "", "", 2, 3);
    pick(picker, SEED, 1);
    picker.markHave(0);
    assertThat(picker.have()).isEqualTo(bits("1"));
    assertThat(picker.wantedRemaining()).isEqualTo(1);
    assertThat(picker.blockReceived(SEED, 0, 0)).isEqualTo(BlockResult.UNEXPECTED);
    assertThat(pieces(pick(picker, SEED, 10))).containsExactly(1, 1);
    assertThat(picker.checkInvariant()).isTrue();
  }

  @Test
  void piecePrioritiesTakeTheMaxOfOverlappingFilesAndIgnoreEmptyOnes() {
    int pl = 100;
    // files: [0,150) prio 1, [150,150) empty prio 7, [150,250) prio 0, [250,420) prio 5
    long[] offsets = {0, 150, 150, 250};
    long[] lengths = {150, 0, 100, 170};
    int[] priorities = {1, 7, 0, 5};
    int[] result = PiecePicker.piecePriorities(offsets, lengths, priorities, pl, 420);
    assertThat(result).containsExactly(1, 1, 5, 5, 5);

    assertThatThrownBy(() -> PiecePicker.piecePriorities(new long[] {0}, new long[] {500}, new int[] {1}, pl, 420))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void pickWithoutRoomOrWithoutPiecesReturnsNothing() {
    PiecePicker picker = picker("1", "");
    List<BlockRequest> out = new ArrayList<>();
    assertThat(picker.pick(SEED, null, 0, out)).isZero();
    assertThat(picker.pick(77, null, 5, out)).as("unknown peer, no bitfield").isZero();
    assertThat(picker.pick(77, new BitSet(), 5, out)).isZero();
    assertThat(out).isEmpty();
  }
}
