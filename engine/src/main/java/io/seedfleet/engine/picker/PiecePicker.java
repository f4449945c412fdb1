package io.seedfleet.engine.picker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Decides which blocks to request from which peer: partial pieces first, then by priority, then
 * rarest first with a random tie-break; in endgame, blocks already requested elsewhere. Tracks
 * availability and in-flight blocks. Peers are opaque int ids. Not thread-safe: one actor owns it.
 * See {@code NOTES.md} beside this file for the ordering and its cost.
 */
public final class PiecePicker {
  public static final int BLOCK = 16 * 1024;
  /** At most this many peers are asked for the same block in endgame. */
  static final int MAX_ENDGAME_REQUESTERS = 2;
  private static final long REORDER_INTERVAL_NANOS = 100_000_000L;

  private final int pieceCount;
  private final int pieceLength;
  private final long totalLength;
  /** Peers (other than have-all peers) that have each piece. */
  private final int[] availability;
  /** Random per-piece keys: equally rare pieces are taken in a random but stable order. */
  private final int[] tieBreak;
  private final int[] priority;
  private final BitSet have;
  private final Map<Integer, PartialPiece> partial = new LinkedHashMap<>();
  private final Map<Integer, BitSet> peerPieces = new HashMap<>();
  private final Set<Integer> haveAllPeers = new HashSet<>();
  /** Block keys ({@code piece << 32 | blockIndex}) each peer has outstanding. */
  private final Map<Integer, Set<Long>> peerRequests = new HashMap<>();
  private int wantedRemaining;
  private int[] order = new int[0];
  private boolean orderDirty = true;
  private long orderedAtNanos;
  private int maxPartialPieces = Integer.MAX_VALUE;

  public PiecePicker(int pieceCount, int pieceLength, long totalLength, RandomGenerator random) {
    if (pieceCount <= 0 || pieceLength <= 0 || totalLength <= 0
        || totalLength > (long) pieceCount * pieceLength || totalLength <= (long) (pieceCount - 1) * pieceLength) {
      throw new IllegalArgumentException("inconsistent geometry: " + pieceCount + " x " + pieceLength + " for " + totalLength);
    }
    this.pieceCount = pieceCount;
    this.pieceLength = pieceLength;
    this.totalLength = totalLength;
    this.availability = new int[pieceCount];
    this.tieBreak = random.ints(pieceCount).toArray();
    this.priority = new int[pieceCount];
    Arrays.fill(priority, 1);
    this.have = new BitSet(pieceCount);
    this.wantedRemaining = pieceCount;
  }

  // ---- geometry ----

  public int pieceSize(int piece) {
    return piece == pieceCount - 1 ? (int) (totalLength - (long) piece * pieceLength) : pieceLength;
  }

  int blockCount(int piece) {
    return (pieceSize(piece) + BLOCK - 1) / BLOCK;
  }

  int blockLength(int piece, int block) {
    return Math.min(BLOCK, pieceSize(piece) - block * BLOCK);
  }

  private static long key(int piece, int block) {
    return ((long) piece << 32) | block;
  }

  // ---- availability ----

  public void peerHasAll(int peer) {
    dropAvailability(peer);
    haveAllPeers.add(peer);
  }

  public void peerBitfield(int peer, BitSet pieces) {
    dropAvailability(peer);
    BitSet copy = (BitSet) pieces.clone();
    if (copy.length() > pieceCount) {
      copy.clear(pieceCount, copy.length());
    }
    peerPieces.put(peer, copy);
    copy.stream().forEach(p -> availability[p]++);
    orderDirty = true;
  }

  public void peerHas(int peer, int piece) {
    checkPiece(piece);
    if (haveAllPeers.contains(peer)) {
      return;
    }
    BitSet pieces = peerPieces.computeIfAbsent(peer, p -> new BitSet(pieceCount));
    if (!pieces.get(piece)) {
      pieces.set(piece);
      availability[piece]++;
      orderDirty = true;
    }
  }

  /** The peer disconnected: its availability goes and its requests return to the pool. */
  public void peerLeft(int peer) {
    dropAvailability(peer);
    peerChoked(peer);
    peerRequests.remove(peer);
  }

  private void dropAvailability(int peer) {
    haveAllPeers.remove(peer);
    BitSet pieces = peerPieces.remove(peer);
    if (pieces != null) {
      pieces.stream().forEach(p -> availability[p]--);
      orderDirty = true;
    }
  }

  /** How many peers have {@code piece}, counting have-all peers. */
  public int availability(int piece) {
    return availability[piece] + haveAllPeers.size();
  }

  // ---- our state and priorities ----

  public void markHave(int piece) {
    checkPiece(piece);
    if (!have.get(piece)) {
      have.set(piece);
      if (priority[piece] > 0) {
        wantedRemaining--;
      }
      PartialPiece p = partial.remove(piece);
      if (p != null) {
        releaseAll(piece, p);
      }
    }
  }

  public BitSet have() {
    return (BitSet) have.clone();
  }

  public boolean isComplete() {
    return wantedRemaining == 0;
  }

  /** Wanted pieces (priority above 0) not yet verified. */
  public int wantedRemaining() {
    return wantedRemaining;
  }

  /** 0 = do not download; 1..7, higher first. */
  public void setPiecePriority(int piece, int newPriority) {
    checkPiece(piece);
    if (newPriority < 0 || newPriority > 7) {
      throw new IllegalArgumentException("priority must be 0..7, got " + newPriority);
    }
    int old = priority[piece];
    if (!have.get(piece)) {
      if (old > 0 && newPriority == 0) {
        wantedRemaining--;
      } else if (old == 0 && newPriority > 0) {
        wantedRemaining++;
      }
    }
    priority[piece] = newPriority;
    orderDirty = true;
  }

  /** Per-piece priorities from per-file ones: a piece takes the highest priority of its files. */
  public static int[] piecePriorities(long[] fileOffsets, long[] fileLengths, int[] filePriorities, int pieceLength,
      long totalLength) {
    int count = (int) ((totalLength + pieceLength - 1) / pieceLength);
    int[] result = new int[count];
    for (int f = 0; f < fileOffsets.length; f++) {
      if (fileLengths[f] == 0) {
        continue;
      }
      int first = (int) (fileOffsets[f] / pieceLength);
      int last = (int) ((fileOffsets[f] + fileLengths[f] - 1) / pieceLength);
      for (int p = first; p <= last; p++) {
        result[p] = Math.max(result[p], filePriorities[f]);
      }
    }
    return result;
  }

  /**
   * Caps the pieces in progress (their blocks are held in memory until the piece is verified): no
   * new piece is started while this many are partial.
   */
  public void setMaxPartialPieces(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("at least one piece must be allowed in progress");
    }
    maxPartialPieces = max;
  }

  // ---- picking ----

  /**
   * Appends up to {@code maxBlocks} requests for {@code peer}, whose pieces are {@code peerHas}, to
   * {@code out}; returns how many.
   */
  public int pick(int peer, BitSet peerHas, int maxBlocks, List<BlockRequest> out) {
    int added = 0;
    // 1. Finish partial pieces: first those this peer already works on, then the others.
    for (int pass = 0; pass < 2 && added < maxBlocks; pass++) {
      for (Map.Entry<Integer, PartialPiece> e : partial.entrySet()) {
        int piece = e.getKey();
        PartialPiece p = e.getValue();
        if (added >= maxBlocks) {
          break;
        }
        if (!eligible(piece, peerHas) || (pass == 0) != p.hasRequester(peer)) {
          continue;
        }
        added += takeFree(peer, piece, p, maxBlocks - added, out);
      }
    }
    // 2. New pieces by priority, then rarity.
    if (added < maxBlocks) {
      reorderIfDue();
      for (int i = 0; i < order.length && added < maxBlocks && partial.size() < maxPartialPieces; i++) {
        int piece = order[i];
        if (partial.containsKey(piece) || !eligible(piece, peerHas)) {
          continue;
        }
        PartialPiece p = new PartialPiece(blockCount(piece));
        partial.put(piece, p);
        added += takeFree(peer, piece, p, maxBlocks - added, out);
      }
    }
    // 3. Endgame: everything wanted is requested; duplicate the least-requested blocks.
    if (added < maxBlocks && inEndgame()) {
      added += pickEndgame(peer, peerHas, maxBlocks - added, out);
    }
    assert checkInvariant();
    return added;
  }

  private boolean eligible(int piece, BitSet peerHas) {
    return !have.get(piece) && priority[piece] > 0 && peerHas.get(piece);
  }

  private int takeFree(int peer, int piece, PartialPiece p, int max, List<BlockRequest> out) {
    int added = 0;
    for (int b = p.nextFree(0); b >= 0 && added < max; b = p.nextFree(b + 1)) {
      p.addRequester(b, peer);
      peerRequests.computeIfAbsent(peer, k -> new HashSet<>()).add(key(piece, b));
      out.add(new BlockRequest(piece, b * BLOCK, blockLength(piece, b)));
      added++;
    }
    return added;
  }

  /** True when no wanted block is left unrequested (and something is still missing). */
  public boolean inEndgame() {
    if (wantedRemaining == 0) {
      return false;
    }
    int partialWanted = 0;
    for (Map.Entry<Integer, PartialPiece> e : partial.entrySet()) {
      if (priority[e.getKey()] > 0) {
        if (e.getValue().nextFree(0) >= 0) {
          return false;
        }
        partialWanted++;
      }
    }
    return partialWanted == wantedRemaining;
  }

  private int pickEndgame(int peer, BitSet peerHas, int max, List<BlockRequest> out) {
    int added = 0;
    for (int requesters = 1; requesters <= MAX_ENDGAME_REQUESTERS - 1 && added < max; requesters++) {
      for (Map.Entry<Integer, PartialPiece> e : partial.entrySet()) {
        int piece = e.getKey();
        PartialPiece p = e.getValue();
        if (!eligible(piece, peerHas)) {
          continue;
        }
        for (int b = 0; b < p.blocks() && added < max; b++) {
          if (!p.isReceived(b) && p.requesterCount(b) == requesters && !p.hasRequester(b, peer)) {
            p.addRequester(b, peer);
            peerRequests.computeIfAbsent(peer, k -> new HashSet<>()).add(key(piece, b));
            out.add(new BlockRequest(piece, b * BLOCK, blockLength(piece, b)));
            added++;
          }
        }
      }
    }
    return added;
  }

  private void reorderIfDue() {
    long now = System.nanoTime();
    if (!orderDirty || (order.length > 0 && now - orderedAtNanos < REORDER_INTERVAL_NANOS)) {
      return;
    }
    Integer[] boxed = new Integer[pieceCount - have.cardinality()];
    int n = 0;
    for (int p = have.nextClearBit(0); p < pieceCount; p = have.nextClearBit(p + 1)) {
      if (priority[p] > 0) {
        boxed[n++] = p;
      }
    }
    Arrays.sort(boxed, 0, n, (a, b) -> {
      if (priority[a] != priority[b]) {
        return Integer.compare(priority[b], priority[a]);
      }
      if (availability[a] != availability[b]) {
        return Integer.compare(availability[a], availability[b]);
      }
      return Integer.compare(tieBreak[a], tieBreak[b]);
    });
    order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = boxed[i];
    }
    orderDirty = false;
    orderedAtNanos = now;
  }

  // ---- events ----

  /** Records a received block; see {@link BlockResult} for what the caller must do. */
  public BlockResult blockReceived(int peer, int piece, int begin) {
    if (piece < 0 || piece >= pieceCount || begin % BLOCK != 0 || have.get(piece)) {
      return BlockResult.UNEXPECTED;
    }
    PartialPiece p = partial.get(piece);
    int b = begin / BLOCK;
    if (p == null || b >= p.blocks() || p.isReceived(b)) {
      return BlockResult.UNEXPECTED;
    }
    List<Integer> others = new ArrayList<>(1);
    for (int requester : p.requesters(b)) {
      Set<Long> outstanding = peerRequests.get(requester);
      if (outstanding != null) {
        outstanding.remove(key(piece, b));
      }
      if (requester != peer) {
        others.add(requester);
      }
    }
    p.markReceived(b);
    assert checkInvariant();
    return new BlockResult(true, p.isComplete(), others);
  }

  public void requestAborted(int peer, int piece, int begin) {
    PartialPiece p = partial.get(piece);
    Set<Long> outstanding = peerRequests.get(peer);
    if (p == null || outstanding == null || begin % BLOCK != 0) {
      return;
    }
    int b = begin / BLOCK;
    if (outstanding.remove(key(piece, b))) {
      p.removeRequester(b, peer);
    }
  }

  /** Releases every request of the peer; its availability stays. */
  public void peerChoked(int peer) {
    Set<Long> outstanding = peerRequests.get(peer);
    if (outstanding == null) {
      return;
    }
    for (long k : outstanding) {
      PartialPiece p = partial.get((int) (k >>> 32));
      if (p != null) {
        p.removeRequester((int) k, peer);
      }
    }
    outstanding.clear();
  }

  public void pieceVerified(int piece) {
    markHave(piece);
    orderDirty = true;
  }

  /** The piece failed its hash: all of its blocks are wanted again. */
  public void pieceFailed(int piece) {
    PartialPiece p = partial.remove(piece);
    if (p != null) {
      releaseAll(piece, p);
    }
    orderDirty = true;
  }

  private void releaseAll(int piece, PartialPiece p) {
    for (int b = 0; b < p.blocks(); b++) {
      for (int requester : p.requesters(b)) {
        Set<Long> outstanding = peerRequests.get(requester);
        if (outstanding != null) {
          outstanding.remove(key(piece, b));
        }
      }
    }
  }

  private void checkPiece(int piece) {
    if (piece < 0 || piece >= pieceCount) {
      throw new IndexOutOfBoundsException("piece " + piece + " of " + pieceCount);
    }
  }

  /** Internal consistency; called through {@code assert} after each change. */
  public boolean checkInvariant() {
    for (Map.Entry<Integer, Set<Long>> e : peerRequests.entrySet()) {
      for (long k : e.getValue()) {
        PartialPiece p = partial.get((int) (k >>> 32));
        if (p == null || !p.hasRequester((int) k, e.getKey()) || p.isReceived((int) k)) {
          return false;
        }
      }
    }
    for (int piece : partial.keySet()) {
      if (have.get(piece)) {
        return false;
      }
    }
    int wanted = 0;
    for (int p = 0; p < pieceCount; p++) {
      if (!have.get(p) && priority[p] > 0) {
        wanted++;
      }
    }
    return wanted == wantedRemaining;
  }
}
