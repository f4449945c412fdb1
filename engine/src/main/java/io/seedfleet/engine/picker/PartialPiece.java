package io.seedfleet.engine.picker;

import java.util.BitSet;

/**
 * The blocks of one piece in progress: which are received, and which peers were asked for each.
 * Most blocks have one requester, kept inline; only endgame adds a second, kept in a small array.
 */
final class PartialPiece {
  private static final int NONE = -1;

  private final int blocks;
  private final BitSet received;
  /** The first requester of each block, or {@link #NONE}. */
  private final int[] requester;
  /** Further requesters per block (endgame only); null until needed. */
  private int[][] extra;

  PartialPiece(int blocks) {
    this.blocks = blocks;
    this.received = new BitSet(blocks);
    this.requester = new int[blocks];
    java.util.Arrays.fill(requester, NONE);
  }

  int blocks() {
    return blocks;
  }

  boolean isReceived(int block) {
    return received.get(block);
  }

  boolean isComplete() {
    return received.cardinality() == blocks;
  }

  void markReceived(int block) {
    received.set(block);
    requester[block] = NONE;
    if (extra != null) {
      extra[block] = null;
    }
  }

  /** The next block at or after {@code from} that is neither received nor requested, or -1. */
  int nextFree(int from) {
    for (int b = received.nextClearBit(from); b < blocks; b = received.nextClearBit(b + 1)) {
      if (requester[b] == NONE) {
        return b;
      }
    }
    return -1;
  }

  int requesterCount(int block) {
    if (requester[block] == NONE) {
      return 0;
    }
    return 1 + (extra == null || extra[block] == null ? 0 : extra[block].length);
  }

  int[] requesters(int block) {
    int count = requesterCount(block);
    int[] all = new int[count];
    if (count > 0) {
      all[0] = requester[block];
      if (count > 1) {
        System.arraycopy(extra[block], 0, all, 1, count - 1);
      }
    }
    return all;
  }

  boolean hasRequester(int block, int peer) {
    for (int r : requesters(block)) {
      if (r == peer) {
        return true;
      }
    }
    return false;
  }

  /** True when {@code peer} has any block of this piece requested. */
  boolean hasRequester(int peer) {
    for (int b = 0; b < blocks; b++) {
      if (requester[b] == peer || (extra != null && extra[b] != null && contains(extra[b], peer))) {
        return true;
      }
    }
    return false;
  }

  void addRequester(int block, int peer) {
    if (requester[block] == NONE) {
      requester[block] = peer;
      return;
    }
    if (extra == null) {
      extra = new int[blocks][];
    }
    int[] old = extra[block] == null ? new int[0] : extra[block];
    int[] grown = java.util.Arrays.copyOf(old, old.length + 1);
    grown[old.length] = peer;
    extra[block] = grown;
  }

  void removeRequester(int block, int peer) {
    int[] all = requesters(block);
    int[] kept = java.util.Arrays.stream(all).filter(r -> r != peer).toArray();
    requester[block] = kept.length == 0 ? NONE : kept[0];
    if (extra != null) {
      extra[block] = kept.length > 1 ? java.util.Arrays.copyOfRange(kept, 1, kept.length) : null;
    }
  }

  private static boolean contains(int[] values, int value) {
    for (int v : values) {
      if (v == value) {
        return true;
      }
    }
    return false;
  }
}
