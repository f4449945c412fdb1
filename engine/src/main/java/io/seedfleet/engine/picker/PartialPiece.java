package io.seedfleet.engine.picker;

import java.util.Arrays;
import java.util.BitSet;

/**
 * A piece with at least one block requested or received (LT {@code downloading_piece}). Each
 * block is in one of three states: free (not received, nobody asked), requested (not received,
 * one or more peers asked; several only in endgame) or received.
 *
 * <p>Invariants: {@code receivedCount == received.cardinality()}; a received block has no
 * requesters; {@code requestedCount} counts the blocks with at least one requester; a requester
 * appears at most once per block.
 */
final class PartialPiece {
  private static final int[] NO_PEERS = new int[0];

  final int piece;
  final int blockCount;
  final BitSet received;
  int receivedCount;
  int requestedCount;

  /** Per block, the peers asked for it in {@code requesters[b][0 .. requesterCount[b])}. */
  private final int[][] requesters;

  private final int[] requesterCount;

  PartialPiece(int piece, int blockCount) {
    this.piece = piece;
    this.blockCount = blockCount;
    this.received = new BitSet(blockCount);
    this.requesters = new int[blockCount][];
    this.requesterCount = new int[blockCount];
  }

  int freeCount() {
    return blockCount - receivedCount - requestedCount;
  }

  boolean isFree(int block) {
    return requesterCount[block] == 0 && !received.get(block);
  }

  /** True if nothing was received and nothing is in flight: the piece can go back to fresh. */
  boolean isUntouched() {
    return receivedCount == 0 && requestedCount == 0;
  }

  boolean isComplete() {
    return receivedCount == blockCount;
  }

  int requesterCount(int block) {
    return requesterCount[block];
  }

  int requester(int block, int index) {
    return requesters[block][index];
  }

  boolean isRequestedBy(int block, int peer) {
    int[] r = requesters[block];
    for (int i = 0; i < requesterCount[block]; i++) {
      if (r[i] == peer) {
        return true;
      }
    }
    return false;
  }

  void addRequester(int block, int peer) {
    int n = requesterCount[block];
    int[] r = requesters[block];
    if (r == null) {
      r = new int[1];
    } else if (n == r.length) {
      r = Arrays.copyOf(r, n * 2);
    }
    r[n] = peer;
    requesters[block] = r;
    requesterCount[block] = n + 1;
    if (n == 0) {
      requestedCount++;
    }
  }

  /** Removes one requester; returns false if the peer had not requested this block. */
  boolean removeRequester(int block, int peer) {
    int n = requesterCount[block];
    int[] r = requesters[block];
    for (int i = 0; i < n; i++) {
      if (r[i] == peer) {
        r[i] = r[n - 1];
        requesterCount[block] = n - 1;
        if (n == 1) {
          requestedCount--;
        }
        return true;
      }
    }
    return false;
  }

  /** Marks the block received and returns the peers that had requested it (all of them). */
  int[] receive(int block) {
    int n = requesterCount[block];
    int[] was = n == 0 ? NO_PEERS : Arrays.copyOf(requesters[block], n);
    if (n > 0) {
      requestedCount--;
    }
    requesterCount[block] = 0;
    requesters[block] = null;
    received.set(block);
    receivedCount++;
    return was;
  }
}
