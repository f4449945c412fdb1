package io.seedfleet.engine.picker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Decides which blocks to request from which peer: partial pieces first, then higher priority,
 * then rarest first with a random tie-break, then endgame duplicates (LT {@code piece_picker}).
 * See NOTES.md beside this file for the ordering and the data layout.
 *
 * <p>Not thread-safe: one torrent actor owns it. Peers are opaque {@code int} ids chosen by the
 * caller. The caller must report every block outcome ({@link #blockReceived},
 * {@link #requestAborted}, {@link #peerChoked}, {@link #peerLeft}) or the blocks stay "in flight"
 * forever; in return the picker never hands the same block twice to one peer.
 *
 * <p>Piece priorities are 0 (do not download) to {@value #MAX_PRIORITY}; new pieces start at
 * {@value #DEFAULT_PRIORITY}, as in libtorrent.
 */
public final class PiecePicker {
  /** The request unit: 16 KiB, the size every client accepts. */
  public static final int BLOCK_SIZE = 16 * 1024;

  public static final int MAX_PRIORITY = 7;
  public static final int DEFAULT_PRIORITY = 4;

  /** Above this many pieces the assert-driven self check is skipped: it is O(pieces). */
  private static final int SELF_CHECK_LIMIT = 2048;

  private final int pieceCount;
  private final int pieceLength;
  private final long totalLength;
  private final RandomGenerator random;

  /** Per piece, how many peers with a bitfield have it; have-all peers are NOT counted here. */
  private final int[] availability;

  /** Peers that sent have-all (or a full bitfield): they have every piece. */
  private int haveAllPeers;

  private final byte[] priority;
  private final BitSet have;

  /** Pieces with priority > 0 that we do not have (hashed-but-unverified ones included). */
  private int wantedRemaining;

  /** Exactly the pieces that are wanted, not had and not partial, keyed by (priority, availability). */
  private final PieceBuckets fresh;

  private final BitSet inFresh;

  /** Pieces with at least one block requested or received and not yet verified or failed. */
  private final Map<Integer, PartialPiece> partials = new HashMap<>();

  /** Array set of the partials that are wanted and have a free block; openSlot is -1 outside. */
  private int[] open = new int[16];

  private int openSize;
  private final int[] openSlot;

  private final Map<Integer, PeerState> peers = new HashMap<>();

  /** What we know about one peer. Invariant: haveAll implies pieces is empty. */
  private static final class PeerState {
    final BitSet pieces = new BitSet();
    int pieceCount;
    boolean haveAll;

    /** Piece index to the number of this peer's outstanding requests in it (never 0). */
    final Map<Integer, Integer> inFlight = new HashMap<>();
  }

  /**
   * @param pieceCount number of pieces, {@code >= 1}
   * @param pieceLength nominal piece length in bytes, {@code >= 1}
   * @param totalLength total torrent length: more than {@code (pieceCount - 1) * pieceLength} and
   *     at most {@code pieceCount * pieceLength}
   * @param random source of the rarest-first tie-break; pass a seeded one for reproducible tests
   */
  /** No fresh piece is started while this many are partial; see {@link #setMaxPartialPieces}. */
  private int maxPartialPieces = Integer.MAX_VALUE;

  public PiecePicker(int pieceCount, int pieceLength, long totalLength, RandomGenerator random) {
    if (pieceCount < 1 || pieceLength < 1) {
      throw new IllegalArgumentException("pieceCount and pieceLength must be positive");
    }
    if (totalLength <= (long) (pieceCount - 1) * pieceLength
        || totalLength > (long) pieceCount * pieceLength) {
      throw new IllegalArgumentException(
          "totalLength " + totalLength + " does not fit " + pieceCount + " pieces of " + pieceLength);
    }
    this.pieceCount = pieceCount;
    this.pieceLength = pieceLength;
    this.totalLength = totalLength;
    this.random = Objects.requireNonNull(random);
    this.availability = new int[pieceCount];
    this.priority = new byte[pieceCount];
    Arrays.fill(priority, (byte) DEFAULT_PRIORITY);
    this.have = new BitSet(pieceCount);
    this.wantedRemaining = pieceCount;
    this.fresh = new PieceBuckets(pieceCount);
    this.inFresh = new BitSet(pieceCount);
    this.openSlot = new int[pieceCount];
    Arrays.fill(openSlot, -1);
    for (int i = 0; i < pieceCount; i++) {
      fresh.add(i, DEFAULT_PRIORITY, 0, random);
      inFresh.set(i);
    }
  }

  // ---------------------------------------------------------------- geometry

  public int pieceCount() {
    return pieceCount;
  }

  /** The piece's length in bytes: {@code pieceLength}, except possibly for the last piece. */
  public int pieceSize(int piece) {
    Objects.checkIndex(piece, pieceCount);
    return piece == pieceCount - 1
        ? (int) (totalLength - (long) piece * pieceLength)
        : pieceLength;
  }

  public int blockCount(int piece) {
    return (pieceSize(piece) + BLOCK_SIZE - 1) / BLOCK_SIZE;
  }

  /** The length of block {@code block} of {@code piece}: 16 KiB except for a piece's short tail. */
  public int blockLength(int piece, int block) {
    return Math.min(BLOCK_SIZE, pieceSize(piece) - block * BLOCK_SIZE);
  }

  // ---------------------------------------------------------------- availability

  /** The peer has every piece (BEP 6 have-all, or a full bitfield). Replaces what it had said. */
  public void peerHasAll(int peer) {
    PeerState ps = peerState(peer);
    if (!ps.haveAll) {
      forgetPieces(ps);
      ps.haveAll = true;
      haveAllPeers++;
    }
    assert selfCheck();
  }

  /**
   * The peer's BEP 3 bitfield; replaces whatever it had said before. Bits at or beyond the piece
   * count are ignored (the wire layer rejects such bitfields). A full bitfield counts as have-all.
   */
  public void peerBitfield(int peer, BitSet pieces) {
    PeerState ps = peerState(peer);
    if (ps.haveAll) {
      ps.haveAll = false;
      haveAllPeers--;
    } else {
      forgetPieces(ps);
    }
    int bits = pieces.get(0, pieceCount).cardinality();
    if (bits == pieceCount) {
      ps.haveAll = true;
      haveAllPeers++;
    } else {
      for (int i = pieces.nextSetBit(0); i >= 0 && i < pieceCount; i = pieces.nextSetBit(i + 1)) {
        ps.pieces.set(i);
        changeAvailability(i, +1);
      }
      ps.pieceCount = bits;
    }
    assert selfCheck();
  }

  /** The peer announced one more piece (BEP 3 have). */
  public void peerHas(int peer, int piece) {
    Objects.checkIndex(piece, pieceCount);
    PeerState ps = peerState(peer);
    if (ps.haveAll || ps.pieces.get(piece)) {
      return;
    }
    ps.pieces.set(piece);
    ps.pieceCount++;
    changeAvailability(piece, +1);
    if (ps.pieceCount == pieceCount) {
      forgetPieces(ps); // it became a seed: count it once instead of once per piece
      ps.haveAll = true;
      haveAllPeers++;
    }
    assert selfCheck();
  }

  /** The connection is gone: drops its availability and releases all its requests. */
  public void peerLeft(int peer) {
    PeerState ps = peers.get(peer);
    if (ps == null) {
      return;
    }
    releaseAll(peer, ps);
    if (ps.haveAll) {
      haveAllPeers--;
    } else {
      forgetPieces(ps);
    }
    peers.remove(peer);
    assert selfCheck();
  }

  /** How many known peers have the piece, have-all peers included. */
  public int availability(int piece) {
    return availability[piece] + haveAllPeers;
  }

  // ---------------------------------------------------------------- our state

  /** We have the piece already (resume data, recheck): never pick it. */
  public void markHave(int piece) {
    Objects.checkIndex(piece, pieceCount);
    if (have.get(piece)) {
      return;
    }
    PartialPiece pp = partials.get(piece);
    if (pp != null) {
      dropPartial(pp);
    }
    leaveFresh(piece);
    have.set(piece);
    if (priority[piece] > 0) {
      wantedRemaining--;
    }
    assert selfCheck();
  }

  /** A copy of the pieces we have. */
  public BitSet have() {
    return (BitSet) have.clone();
  }

  /** True when every piece with priority > 0 is had (verified). */
  public boolean isComplete() {
    return wantedRemaining == 0;
  }

  /** Pieces with priority > 0 not yet verified. */
  public int wantedRemaining() {
    return wantedRemaining;
  }

  // ---------------------------------------------------------------- priorities

  /** 0 = do not download; 1..7, higher is picked first. Requests already sent stay valid. */
  public void setPiecePriority(int piece, int newPriority) {
    Objects.checkIndex(piece, pieceCount);
    if (newPriority < 0 || newPriority > MAX_PRIORITY) {
      throw new IllegalArgumentException("priority must be 0.." + MAX_PRIORITY + ": " + newPriority);
    }
    int old = priority[piece];
    if (old == newPriority) {
      return;
    }
    leaveFresh(piece);
    if (!have.get(piece) && (old > 0) != (newPriority > 0)) {
      wantedRemaining += newPriority > 0 ? 1 : -1;
    }
    priority[piece] = (byte) newPriority;
    enterFreshIfDue(piece);
    PartialPiece pp = partials.get(piece);
    if (pp != null) {
      refreshOpen(pp);
    }
    assert selfCheck();
  }

  public int piecePriority(int piece) {
    return priority[piece];
  }

  /**
   * Piece priorities from file priorities: a piece takes the highest priority among the files it
   * overlaps; zero-length files overlap nothing. Pieces no file covers get 0.
   *
   * @param fileOffsets each file's start in the torrent's byte stream
   * @param fileLengths each file's length, {@code >= 0}
   * @param filePriorities each file's priority, 0..7
   */
  public static int[] piecePriorities(
      long[] fileOffsets, long[] fileLengths, int[] filePriorities, int pieceLength, long totalLength) {
    if (fileOffsets.length != fileLengths.length || fileLengths.length != filePriorities.length) {
      throw new IllegalArgumentException("file arrays differ in length");
    }
    if (pieceLength < 1 || totalLength < 1) {
      throw new IllegalArgumentException("pieceLength and totalLength must be positive");
    }
    long count = (totalLength + pieceLength - 1) / pieceLength;
    if (count > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("too many pieces: " + count);
    }
    int[] result = new int[(int) count];
    for (int f = 0; f < fileLengths.length; f++) {
      long offset = fileOffsets[f];
      long length = fileLengths[f];
      int filePriority = filePriorities[f];
      if (filePriority < 0 || filePriority > MAX_PRIORITY) {
        throw new IllegalArgumentException("file priority must be 0.." + MAX_PRIORITY);
      }
      if (length < 0 || offset < 0 || offset + length > totalLength) {
        throw new IllegalArgumentException("file " + f + " lies outside the torrent");
      }
      if (length == 0) {
        continue;
      }
      int first = (int) (offset / pieceLength);
      int last = (int) ((offset + length - 1) / pieceLength);
      for (int p = first; p <= last; p++) {
        result[p] = Math.max(result[p], filePriority);
      }
    }
    return result;
  }

  // ---------------------------------------------------------------- picking

  /**
   * Appends up to {@code maxBlocks} blocks to request from {@code peer} and returns how many.
   * Order: free blocks of partial pieces (this peer's own first), then new pieces by priority and
   * rarity (random among equally rare), then, in endgame only, blocks already requested from
   * other peers (fewest requesters first). Every returned block counts as requested by this peer
   * until received or released.
   *
   * @param peerHas the pieces the peer has; must agree with what was reported through
   *     {@link #peerBitfield}/{@link #peerHas} (a subset is fine, e.g. BEP 6 allowed-fast pieces).
   *     Ignored for a have-all peer.
   */
  /**
   * Caps the pieces in progress (the engine holds their blocks in memory until the piece is
   * verified): no fresh piece is started while this many are partial.
   */
  public void setMaxPartialPieces(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("at least one piece must be allowed in progress");
    }
    maxPartialPieces = max;
  }

  public int pick(int peer, BitSet peerHas, int maxBlocks, List<BlockRequest> out) {
    if (maxBlocks <= 0) {
      return 0;
    }
    PeerState ps = peerState(peer);
    int picked = pickFromPartials(peer, ps, peerHas, maxBlocks, out);
    while (picked < maxBlocks && partials.size() < maxPartialPieces) {
      int piece = findFresh(ps, peerHas);
      if (piece < 0) {
        break;
      }
      leaveFresh(piece);
      PartialPiece pp = new PartialPiece(piece, blockCount(piece));
      partials.put(piece, pp);
      picked += requestFree(pp, peer, ps, maxBlocks - picked, out);
    }
    if (picked < maxBlocks && inEndgame()) {
      picked += pickEndgame(peer, ps, peerHas, maxBlocks - picked, out);
    }
    assert selfCheck();
    return picked;
  }

  /**
   * True when every wanted block not yet received is already requested from some peer: pick then
   * hands out duplicates, and {@link #blockReceived} names the peers to cancel.
   */
  public boolean inEndgame() {
    return wantedRemaining > 0 && fresh.size() == 0 && openSize == 0;
  }

  private boolean canServe(PeerState ps, BitSet peerHas, int piece) {
    return ps.haveAll || (peerHas != null && peerHas.get(piece));
  }

  private int pickFromPartials(
      int peer, PeerState ps, BitSet peerHas, int maxBlocks, List<BlockRequest> out) {
    if (openSize == 0) {
      return 0;
    }
    // Sort key, ascending: not-ours bit, inverted priority, availability, piece index.
    long[] keys = new long[openSize];
    int n = 0;
    for (int i = 0; i < openSize; i++) {
      int piece = open[i];
      if (!canServe(ps, peerHas, piece)) {
        continue;
      }
      long notOurs = ps.inFlight.containsKey(piece) ? 0 : 1;
      long rarity = Math.min(availability[piece], (1 << 27) - 1);
      keys[n++] = notOurs << 62 | (long) (MAX_PRIORITY - priority[piece]) << 59 | rarity << 32 | piece;
    }
    Arrays.sort(keys, 0, n);
    int picked = 0;
    for (int i = 0; i < n && picked < maxBlocks; i++) {
      PartialPiece pp = partials.get((int) keys[i]);
      picked += requestFree(pp, peer, ps, maxBlocks - picked, out);
    }
    return picked;
  }

  /**
   * The best fresh piece this peer can serve, or -1: highest priority, then lowest availability,
   * then a random member of that bucket. A peer with a bitfield cannot have a piece of
   * availability 0, so that bucket is skipped for it.
   */
  private int findFresh(PeerState ps, BitSet peerHas) {
    if (!ps.haveAll && peerHas == null) {
      return -1;
    }
    for (int prio = MAX_PRIORITY; prio >= 1; prio--) {
      if (fresh.countAtPriority(prio) == 0) {
        continue;
      }
      int maxAvailability = fresh.maxAvailability(prio);
      for (int a = ps.haveAll ? 0 : 1; a <= maxAvailability; a++) {
        int n = fresh.bucketSize(prio, a);
        if (n == 0) {
          continue;
        }
        int start = random.nextInt(n);
        if (ps.haveAll) {
          return fresh.member(prio, a, start);
        }
        for (int k = 0; k < n; k++) {
          int piece = fresh.member(prio, a, (start + k) % n);
          if (peerHas.get(piece)) {
            return piece;
          }
        }
      }
    }
    return -1;
  }

  private int requestFree(
      PartialPiece pp, int peer, PeerState ps, int maxBlocks, List<BlockRequest> out) {
    int picked = 0;
    for (int b = 0; b < pp.blockCount && picked < maxBlocks && pp.freeCount() > 0; b++) {
      if (pp.isFree(b)) {
        addRequest(pp, b, peer, ps, out);
        picked++;
      }
    }
    refreshOpen(pp);
    return picked;
  }

  private void addRequest(PartialPiece pp, int block, int peer, PeerState ps, List<BlockRequest> out) {
    pp.addRequester(block, peer);
    ps.inFlight.merge(pp.piece, 1, Integer::sum);
    out.add(new BlockRequest(pp.piece, block * BLOCK_SIZE, blockLength(pp.piece, block)));
  }

  private int pickEndgame(
      int peer, PeerState ps, BitSet peerHas, int maxBlocks, List<BlockRequest> out) {
    List<PartialPiece> byIndex = new ArrayList<>();
    long[] keys = new long[64];
    int[] blocks = new int[64];
    int n = 0;
    for (PartialPiece pp : partials.values()) {
      if (priority[pp.piece] == 0 || pp.isComplete() || !canServe(ps, peerHas, pp.piece)) {
        continue;
      }
      for (int b = 0; b < pp.blockCount; b++) {
        if (pp.received.get(b) || pp.isRequestedBy(b, peer)) {
          continue;
        }
        if (n == keys.length) {
          keys = Arrays.copyOf(keys, n * 2);
          blocks = Arrays.copyOf(blocks, n * 2);
        }
        byIndex.add(pp);
        blocks[n] = b;
        // Fewest requesters first; a random byte spreads equal candidates over the peers.
        keys[n] = (long) pp.requesterCount(b) << 40 | (long) random.nextInt(256) << 32 | n;
        n++;
      }
    }
    Arrays.sort(keys, 0, n);
    int picked = Math.min(n, maxBlocks);
    for (int i = 0; i < picked; i++) {
      int candidate = (int) keys[i];
      PartialPiece pp = byIndex.get(candidate);
      addRequest(pp, blocks[candidate], peer, ps, out);
      refreshOpen(pp);
    }
    return picked;
  }

  // ---------------------------------------------------------------- block outcomes

  /**
   * A block arrived from {@code peer}. See {@link BlockResult} for what the caller does next.
   * Out-of-range coordinates, blocks of had pieces and duplicates are reported as unexpected.
   */
  public BlockResult blockReceived(int peer, int piece, int begin) {
    int block = blockIndex(piece, begin);
    if (block < 0 || have.get(piece)) {
      return BlockResult.UNEXPECTED;
    }
    PartialPiece pp = partials.get(piece);
    if (pp == null || pp.received.get(block)) {
      return BlockResult.UNEXPECTED;
    }
    boolean ours = pp.isRequestedBy(block, peer);
    if (!ours && !(inEndgame() && pp.requesterCount(block) > 0)) {
      return BlockResult.UNEXPECTED;
    }
    int[] askers = pp.receive(block);
    List<Integer> others = new ArrayList<>(askers.length);
    for (int asker : askers) {
      forgetInFlight(asker, piece);
      if (asker != peer) {
        others.add(asker);
      }
    }
    refreshOpen(pp);
    BlockResult result = new BlockResult(true, pp.isComplete(), others);
    assert selfCheck();
    return result;
  }

  /** The request was rejected (BEP 6), timed out or lost to a choke: the block is free again. */
  public void requestAborted(int peer, int piece, int begin) {
    int block = blockIndex(piece, begin);
    PartialPiece pp = block < 0 ? null : partials.get(piece);
    if (pp != null && pp.removeRequester(block, peer)) {
      forgetInFlight(peer, piece);
      afterRelease(pp);
    }
    assert selfCheck();
  }

  /** The peer choked us: all its requests are void; its availability stays. */
  public void peerChoked(int peer) {
    PeerState ps = peers.get(peer);
    if (ps != null) {
      releaseAll(peer, ps);
    }
    assert selfCheck();
  }

  /** The piece's hash matched: we have it. */
  public void pieceVerified(int piece) {
    markHave(piece);
  }

  /** The piece's hash did not match: every block of it is wanted again. */
  public void pieceFailed(int piece) {
    Objects.checkIndex(piece, pieceCount);
    PartialPiece pp = partials.get(piece);
    if (pp != null) {
      dropPartial(pp);
    }
    if (have.get(piece)) {
      have.clear(piece);
      if (priority[piece] > 0) {
        wantedRemaining++;
      }
    }
    enterFreshIfDue(piece);
    assert selfCheck();
  }

  /** The block index for a request's coordinates, or -1 if they are not a block of this torrent. */
  private int blockIndex(int piece, int begin) {
    if (piece < 0 || piece >= pieceCount || begin < 0 || begin % BLOCK_SIZE != 0
        || begin >= pieceSize(piece)) {
      return -1;
    }
    return begin / BLOCK_SIZE;
  }

  // ---------------------------------------------------------------- bookkeeping

  private PeerState peerState(int peer) {
    return peers.computeIfAbsent(peer, p -> new PeerState());
  }

  /** Removes a bitfield peer's per-piece availability. */
  private void forgetPieces(PeerState ps) {
    BitSet pieces = ps.pieces;
    for (int i = pieces.nextSetBit(0); i >= 0; i = pieces.nextSetBit(i + 1)) {
      changeAvailability(i, -1);
    }
    pieces.clear();
    ps.pieceCount = 0;
  }

  private void changeAvailability(int piece, int delta) {
    boolean bucketed = inFresh.get(piece);
    if (bucketed) {
      fresh.remove(piece, priority[piece], availability[piece]);
    }
    availability[piece] += delta;
    if (bucketed) {
      fresh.add(piece, priority[piece], availability[piece], random);
    }
  }

  private void leaveFresh(int piece) {
    if (inFresh.get(piece)) {
      fresh.remove(piece, priority[piece], availability[piece]);
      inFresh.clear(piece);
    }
  }

  private void enterFreshIfDue(int piece) {
    if (!inFresh.get(piece) && !have.get(piece) && priority[piece] > 0
        && !partials.containsKey(piece)) {
      fresh.add(piece, priority[piece], availability[piece], random);
      inFresh.set(piece);
    }
  }

  /** Keeps the open set equal to "wanted partials with a free block". */
  private void refreshOpen(PartialPiece pp) {
    int piece = pp.piece;
    boolean due = pp.freeCount() > 0 && priority[piece] > 0 && !have.get(piece)
        && partials.get(piece) == pp;
    int at = openSlot[piece];
    if (due && at < 0) {
      if (openSize == open.length) {
        open = Arrays.copyOf(open, openSize * 2);
      }
      open[openSize] = piece;
      openSlot[piece] = openSize++;
    } else if (!due && at >= 0) {
      int last = open[--openSize];
      open[at] = last;
      openSlot[last] = at;
      openSlot[piece] = -1;
    }
  }

  private void forgetInFlight(int peer, int piece) {
    PeerState ps = peers.get(peer);
    ps.inFlight.compute(piece, (p, n) -> n == 1 ? null : n - 1);
  }

  private void releaseAll(int peer, PeerState ps) {
    for (int piece : ps.inFlight.keySet().toArray(new Integer[0])) {
      PartialPiece pp = partials.get(piece);
      for (int b = 0; b < pp.blockCount; b++) {
        pp.removeRequester(b, peer);
      }
      afterRelease(pp);
    }
    ps.inFlight.clear();
  }

  /** After requests left a partial: an untouched partial turns back into a fresh piece. */
  private void afterRelease(PartialPiece pp) {
    if (pp.isUntouched()) {
      partials.remove(pp.piece);
      refreshOpen(pp);
      enterFreshIfDue(pp.piece);
    } else {
      refreshOpen(pp);
    }
  }

  /** Forgets a partial and every request in it (verified, failed, or marked had). */
  private void dropPartial(PartialPiece pp) {
    for (int b = 0; b < pp.blockCount; b++) {
      while (pp.requesterCount(b) > 0) {
        int peer = pp.requester(b, 0);
        pp.removeRequester(b, peer);
        forgetInFlight(peer, pp.piece);
      }
    }
    partials.remove(pp.piece);
    refreshOpen(pp);
  }

  private boolean selfCheck() {
    return pieceCount > SELF_CHECK_LIMIT || checkInvariant();
  }

  /**
   * Recomputes every derived structure from scratch and compares (LT {@code INVARIANT_CHECK}).
   * O(pieces + peers' bitfields + partial blocks). Called through {@code assert} after each
   * mutation on torrents of up to {@value #SELF_CHECK_LIMIT} pieces; tests call it directly.
   *
   * @return true; throws {@link IllegalStateException} naming the first broken invariant
   */
  public boolean checkInvariant() {
    int[] counted = new int[pieceCount];
    int allPeers = 0;
    Map<Integer, Map<Integer, Integer>> inFlight = new HashMap<>();
    for (Map.Entry<Integer, PeerState> e : peers.entrySet()) {
      PeerState ps = e.getValue();
      inFlight.put(e.getKey(), new HashMap<>());
      if (ps.haveAll) {
        allPeers++;
        check(ps.pieces.isEmpty(), "have-all peer " + e.getKey() + " also has a bitfield");
      }
      check(ps.pieces.cardinality() == ps.pieceCount, "peer piece count");
      check(ps.pieceCount < pieceCount || pieceCount == 0, "full bitfield not counted as have-all");
      for (int i = ps.pieces.nextSetBit(0); i >= 0; i = ps.pieces.nextSetBit(i + 1)) {
        counted[i]++;
      }
    }
    check(allPeers == haveAllPeers, "have-all count " + haveAllPeers + " != " + allPeers);
    check(Arrays.equals(counted, availability), "availability differs from the peers' bitfields");
    int wanted = 0;
    int bucketed = 0;
    for (int i = 0; i < pieceCount; i++) {
      boolean isWanted = priority[i] > 0 && !have.get(i);
      wanted += isWanted ? 1 : 0;
      boolean shouldBeFresh = isWanted && !partials.containsKey(i);
      check(inFresh.get(i) == shouldBeFresh, "piece " + i + " fresh membership");
      if (shouldBeFresh) {
        bucketed++;
        int at = fresh.slotOf(i);
        check(at < fresh.bucketSize(priority[i], availability[i])
            && fresh.member(priority[i], availability[i], at) == i, "piece " + i + " bucket slot");
      }
      check(priority[i] >= 0 && priority[i] <= MAX_PRIORITY, "priority range");
    }
    check(bucketed == fresh.size(), "bucket size " + fresh.size() + " != " + bucketed);
    check(wanted == wantedRemaining, "wantedRemaining " + wantedRemaining + " != " + wanted);
    int openCount = 0;
    for (PartialPiece pp : partials.values()) {
      int piece = pp.piece;
      check(!have.get(piece), "partial piece " + piece + " is had");
      check(!pp.isUntouched(), "untouched partial " + piece);
      check(pp.received.cardinality() == pp.receivedCount, "received count of " + piece);
      int requested = 0;
      for (int b = 0; b < pp.blockCount; b++) {
        int n = pp.requesterCount(b);
        check(n == 0 || !pp.received.get(b), "received block " + piece + "/" + b + " has requesters");
        requested += n > 0 ? 1 : 0;
        for (int k = 0; k < n; k++) {
          int peer = pp.requester(b, k);
          check(inFlight.containsKey(peer), "requester " + peer + " is unknown");
          check(!pp.isRequestedBy(b, peer) || firstIndexOf(pp, b, peer) == k, "duplicate requester");
          inFlight.get(peer).merge(piece, 1, Integer::sum);
        }
      }
      check(requested == pp.requestedCount, "requested count of " + piece);
      boolean due = pp.freeCount() > 0 && priority[piece] > 0;
      check((openSlot[piece] >= 0) == due, "open membership of " + piece);
      openCount += due ? 1 : 0;
    }
    check(openCount == openSize, "open size");
    for (int i = 0; i < openSize; i++) {
      check(openSlot[open[i]] == i, "open slot of " + open[i]);
    }
    for (Map.Entry<Integer, PeerState> e : peers.entrySet()) {
      check(e.getValue().inFlight.equals(inFlight.get(e.getKey())), "in-flight of peer " + e.getKey());
    }
    return true;
  }

  private static int firstIndexOf(PartialPiece pp, int block, int peer) {
    for (int k = 0; k < pp.requesterCount(block); k++) {
      if (pp.requester(block, k) == peer) {
        return k;
      }
    }
    return -1;
  }

  private static void check(boolean condition, String what) {
    if (!condition) {
      throw new IllegalStateException("piece picker invariant broken: " + what);
    }
  }
}
