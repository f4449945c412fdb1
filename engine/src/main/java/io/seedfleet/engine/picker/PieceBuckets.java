package io.seedfleet.engine.picker;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The pieces nobody has started yet ("fresh" pieces), bucketed by (priority, availability), each
 * bucket an unordered array set. See NOTES.md for why this shape.
 *
 * <p>Invariant: a piece is in at most one bucket; {@code slot[piece]} is its index in that bucket's
 * array; the order inside a bucket is a random permutation (insertion swaps the new piece with a
 * random member, removal moves the last member into the hole).
 */
final class PieceBuckets {
  private static final int[] EMPTY = new int[0];

  /** members[priority][availability] holds sizes[priority][availability] piece indices. */
  private final int[][][] members = new int[PiecePicker.MAX_PRIORITY + 1][][];

  private final int[][] sizes = new int[PiecePicker.MAX_PRIORITY + 1][];

  /** How many pieces each priority holds, to skip empty priorities in O(1). */
  private final int[] countPerPriority = new int[PiecePicker.MAX_PRIORITY + 1];

  /** Index of a piece inside its bucket; meaningless for pieces not in a bucket. */
  private final int[] slot;

  private int size;

  PieceBuckets(int pieceCount) {
    slot = new int[pieceCount];
    for (int p = 1; p <= PiecePicker.MAX_PRIORITY; p++) {
      members[p] = new int[1][];
      members[p][0] = EMPTY;
      sizes[p] = new int[1];
    }
  }

  int size() {
    return size;
  }

  int countAtPriority(int priority) {
    return countPerPriority[priority];
  }

  /** The highest availability with a bucket (some may be empty) at this priority. */
  int maxAvailability(int priority) {
    return sizes[priority].length - 1;
  }

  int bucketSize(int priority, int availability) {
    int[] s = sizes[priority];
    return availability < s.length ? s[availability] : 0;
  }

  int member(int priority, int availability, int index) {
    return members[priority][availability][index];
  }

  int slotOf(int piece) {
    return slot[piece];
  }

  void add(int piece, int priority, int availability, RandomGenerator random) {
    ensureBucket(priority, availability);
    int[] bucket = members[priority][availability];
    int n = sizes[priority][availability];
    if (n == bucket.length) {
      bucket = Arrays.copyOf(bucket, Math.max(4, n * 2));
      members[priority][availability] = bucket;
    }
    // Inside-out Fisher-Yates: put the newcomer at a random slot, move the old occupant to the end.
    int j = random.nextInt(n + 1);
    if (j < n) {
      bucket[n] = bucket[j];
      slot[bucket[n]] = n;
    }
    bucket[j] = piece;
    slot[piece] = j;
    sizes[priority][availability] = n + 1;
    countPerPriority[priority]++;
    size++;
  }

  void remove(int piece, int priority, int availability) {
    int[] bucket = members[priority][availability];
    int n = sizes[priority][availability] - 1;
    int at = slot[piece];
    if (bucket[at] != piece) {
      throw new IllegalStateException("piece " + piece + " is not in bucket " + priority + "/" + availability);
    }
    int last = bucket[n];
    bucket[at] = last;
    slot[last] = at;
    sizes[priority][availability] = n;
    countPerPriority[priority]--;
    size--;
  }

  private void ensureBucket(int priority, int availability) {
    int[] s = sizes[priority];
    if (availability < s.length) {
      return;
    }
    int newLength = Math.max(availability + 1, s.length * 2);
    sizes[priority] = Arrays.copyOf(s, newLength);
    int[][] m = Arrays.copyOf(members[priority], newLength);
    for (int a = s.length; a < newLength; a++) {
      m[a] = EMPTY;
    }
    members[priority] = m;
  }
}
