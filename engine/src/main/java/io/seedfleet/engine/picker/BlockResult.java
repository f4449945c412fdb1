package io.seedfleet.engine.picker;

import java.util.List;

/**
 * What {@link PiecePicker#blockReceived} learned about one arriving block, and what the caller must
 * do next.
 *
 * @param expected true if the block was requested from this peer (or, in endgame, from any peer)
 *     and not yet received: the caller writes it. False for an unrequested or duplicate block: the
 *     caller does not write it and counts its bytes as waste.
 * @param pieceComplete true if this block was the piece's last missing one: the caller hashes the
 *     piece and then calls {@link PiecePicker#pieceVerified} or {@link PiecePicker#pieceFailed}
 * @param cancelPeers the OTHER peers that had requested the same block (endgame): the caller sends
 *     each of them a {@code cancel}. Empty when {@code expected} is false.
 */
public record BlockResult(boolean expected, boolean pieceComplete, List<Integer> cancelPeers) {
  /** The result for a block we did not ask for, or already have. */
  public static final BlockResult UNEXPECTED = new BlockResult(false, false, List.of());

  public BlockResult {
    cancelPeers = List.copyOf(cancelPeers);
    if (!expected && (pieceComplete || !cancelPeers.isEmpty())) {
      throw new IllegalArgumentException("an unexpected block completes nothing and cancels nothing");
    }
  }
}
