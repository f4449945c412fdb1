package io.seedfleet.engine.picker;

import java.util.List;

/**
 * What the picker made of a received block.
 *
 * @param expected false for a block of a piece we have, or one already received (endgame
 *     duplicate): the caller counts it as waste and does not write it
 * @param pieceComplete every block of the piece is now received: the caller hashes it once written
 * @param otherRequesters other peers that were asked for this block: the caller cancels it there
 */
public record BlockResult(boolean expected, boolean pieceComplete, List<Integer> otherRequesters) {
  static final BlockResult UNEXPECTED = new BlockResult(false, false, List.of());
}
