package io.seedfleet.engine.picker;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The picker test DSL (LT {@code setup_picker}): one character per piece.
 *
 * <ul>
 *   <li>availability {@code "4179253"}: digit d means bitfield peers {@code 100 .. 100+d-1} have
 *       that piece;
 *   <li>have {@code "   1   "}: any non-blank character means we have the piece;
 *   <li>priority {@code "7104444"}: the piece priority digit; blank keeps the default.
 * </ul>
 *
 * Pieces are {@code blocksPerPiece} full blocks each. Peer {@link #SEED} is a have-all peer that
 * does not change the order (it adds 1 to every piece).
 */
final class PickerDsl {
  static final int SEED = 1;
  static final int OTHER_SEED = 2;
  static final int THIRD_SEED = 3;
  static final int BLOCK = PiecePicker.BLOCK_SIZE;

  private PickerDsl() {}

  static PiecePicker picker(String availability, String have) {
    return picker(availability, have, "", 1, 42);
  }

  static PiecePicker picker(
      String availability, String have, String priorities, int blocksPerPiece, long seed) {
    int n = availability.length();
    PiecePicker picker =
        new PiecePicker(n, blocksPerPiece * BLOCK, (long) n * blocksPerPiece * BLOCK, new SplittableRandom(seed));
    int maxDigit = 0;
    for (char c : availability.toCharArray()) {
      maxDigit = Math.max(maxDigit, c - '0');
    }
    for (int peer = 0; peer < maxDigit; peer++) {
      BitSet pieces = new BitSet();
      for (int i = 0; i < n; i++) {
        if (availability.charAt(i) - '0' > peer) {
          pieces.set(i);
        }
      }
      picker.peerBitfield(100 + peer, pieces);
    }
    for (int i = 0; i < have.length(); i++) {
      if (have.charAt(i) != ' ') {
        picker.markHave(i);
      }
    }
    for (int i = 0; i < priorities.length(); i++) {
      if (priorities.charAt(i) != ' ') {
        picker.setPiecePriority(i, priorities.charAt(i) - '0');
      }
    }
    picker.peerHasAll(SEED);
    picker.peerHasAll(OTHER_SEED);
    picker.peerHasAll(THIRD_SEED);
    return picker;
  }

  static BitSet bits(String pieces) {
    BitSet b = new BitSet();
    for (int i = 0; i < pieces.length(); i++) {
      if (pieces.charAt(i) != ' ') {
        b.set(i);
      }
    }
    return b;
  }

  static List<BlockRequest> pick(PiecePicker picker, int peer, int maxBlocks) {
    return pick(picker, peer, null, maxBlocks);
  }

  static List<BlockRequest> pick(PiecePicker picker, int peer, BitSet has, int maxBlocks) {
    List<BlockRequest> out = new ArrayList<>();
    int n = picker.pick(peer, has, maxBlocks, out);
    if (n != out.size()) {
      throw new AssertionError("pick returned " + n + " but appended " + out.size());
    }
    return out;
  }

  static List<Integer> pieces(List<BlockRequest> requests) {
    return requests.stream().map(BlockRequest::piece).toList();
  }

  static BlockRequest block(int piece, int block) {
    return new BlockRequest(piece, block * BLOCK, BLOCK);
  }
}
