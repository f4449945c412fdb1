package io.seedfleet.engine.torrent;

import io.seedfleet.engine.picker.PiecePicker;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * In-memory assembly of pieces being downloaded. A piece is hashed from memory and written to disk
 * in one call once it passes, so the disk never holds unverified bytes and nothing is read back.
 * The buffers are direct and block-aligned, so the verified piece goes to disk with O_DIRECT without
 * another copy (ADR 0014), and off the heap, so the collector never scans or moves them (piece-sized
 * arrays were humongous objects for G1). They are recycled: allocating one costs far more than
 * reusing it.
 *
 * <p>Blocks land here straight from the network loop's read buffer (ADR 0017): the picker
 * {@linkplain #open opens} a piece before its first request goes out, and the loop copies each
 * requested block into its slot. Each 16 KiB slot is claimed once, by compare-and-set, and
 * remembers the connection whose bytes fill it, so an endgame duplicate or a late copy never
 * overwrites bytes the picker has already counted, and smart-ban blames the peer whose bytes are
 * really there. The picker {@linkplain #take takes} a piece only once every slot has landed, so no
 * copy can still be running into a buffer being hashed or recycled.
 */
public final class PieceBuffers {
  /**
   * Memory for pieces in flight; the picker starts no new piece beyond it. Pieces waiting for
   * their hash check and write count too, so this also bounds how far the network may run ahead
   * of the disk: more only grows the heap into fresh memory, it does not finish the download sooner.
   */
  static final long BUDGET_BYTES = 64L << 20;
  /** O_DIRECT wants the memory aligned to the file system's block size; 4 KiB suits the usual ones. */
  private static final int ALIGNMENT = 4096;
  private static final int BLOCK = PiecePicker.BLOCK_SIZE;
  /** Slot states besides "landed by connection k", stored as k + 1. */
  private static final int FREE = 0;
  private static final int COPYING = -1;

  private final int pieceLength;
  private final long totalLength;
  private final int pieceCount;
  /**
   * Every buffer handed back is kept, up to the budget: a dropped piece-sized array has usually
   * survived a young collection already, so it dies in the old generation and the heap grows into
   * fresh memory (measured: a 1 GiB download grew the heap to 600 MB and paid ~180k page faults).
   */
  private final int maxPooled;
  private final ConcurrentHashMap<Integer, Assembly> assembling = new ConcurrentHashMap<>();
  private final ArrayDeque<ByteBuffer> pool = new ArrayDeque<>();
  private final IdlePieceBuffers idle;

  /** One piece being filled: its buffer and, per block, who filled it. */
  private static final class Assembly {
    final ByteBuffer data;
    /**
     * A duplicate for copies and views from any thread: absolute operations on it never depend on
     * the position or limit that the hashing and writing threads set on {@code data}.
     */
    final ByteBuffer target;
    final AtomicIntegerArray slots;

    Assembly(ByteBuffer data, int blocks) {
      this.data = data;
      this.target = data.duplicate().clear();
      this.slots = new AtomicIntegerArray(blocks);
    }

    /** Claims a free slot and copies into it; returns who filled the slot, or -1 while nobody has. */
    int fill(int slot, int begin, ByteBuffer source, int index, int length, int peer) {
      if (slots.compareAndSet(slot, FREE, COPYING)) {
        target.put(begin, source, index, length);
        slots.set(slot, peer + 1); // publishes the bytes to whoever reads the slot
      }
      return filledBy(slot);
    }

    int filledBy(int slot) {
      int state = slots.get(slot);
      return state > 0 ? state - 1 : -1;
    }
  }

  PieceBuffers(int pieceLength, long totalLength) {
    this(pieceLength, totalLength, BUDGET_BYTES);
  }

  PieceBuffers(int pieceLength, long totalLength, long budgetBytes) {
    this(pieceLength, totalLength, budgetBytes, IdlePieceBuffers.shared());
  }

  PieceBuffers(int pieceLength, long totalLength, long budgetBytes, IdlePieceBuffers idle) {
    this.idle = idle;
    this.pieceLength = pieceLength;
    this.totalLength = totalLength;
    this.pieceCount = (int) ((totalLength + pieceLength - 1) / pieceLength);
    this.maxPooled = maxPieces(pieceLength, budgetBytes);
  }

  /** How many pieces of this length fit the budget (at least 4, so a few peers can work). */
  static int maxPieces(int pieceLength) {
    return maxPieces(pieceLength, BUDGET_BYTES);
  }

  private static int maxPieces(int pieceLength, long budgetBytes) {
    return (int) Math.max(4, budgetBytes / pieceLength);
  }

  /** Picker: blocks of {@code piece} are about to be requested; gives it a buffer unless it has one. */
  void open(int piece) {
    if (!assembling.containsKey(piece)) {
      assembling.put(piece, new Assembly(allocate(), (pieceSize(piece) + BLOCK - 1) / BLOCK));
    }
  }

  /**
   * Network loop: copies a block from {@code source} (absolute {@code index}, {@code length}
   * bytes) into its slot unless the slot is filled already. Only for blocks the connection
   * {@code peer} requested: the caller checks that.
   *
   * @return a direct, read-only view standing for the block in messages (its bytes are not to be
   *     read: the slot may hold another connection's copy), or null when the piece is not being
   *     assembled or the block does not match a slot; the caller then copies it as before
   */
  public ByteBuffer land(int piece, int begin, ByteBuffer source, int index, int length, int peer) {
    Assembly assembly = assembling.get(piece);
    int slot = assembly == null ? -1 : slot(piece, begin, length);
    if (slot < 0) {
      return null;
    }
    assembly.fill(slot, begin, source, index, length, peer);
    return assembly.target.slice(begin, length).asReadOnlyBuffer();
  }

  /** Whether a block in a message is a view made by {@link #land}, rather than a copy of its own. */
  static boolean isLanded(ByteBuffer block) {
    return block.isDirect(); // the wire decoder's own copies are heap buffers
  }

  /**
   * Picker: puts a block that arrived as a copy into its slot unless the slot is filled already.
   *
   * @return the connection whose bytes fill the slot, or -1 when the piece is not being assembled
   *     or the block does not match a slot
   */
  int putCopy(int piece, int begin, ByteBuffer block, int peer) {
    Assembly assembly = assembling.get(piece);
    int slot = assembly == null ? -1 : slot(piece, begin, block.remaining());
    return slot < 0 ? -1 : assembly.fill(slot, begin, block, block.position(), block.remaining(), peer);
  }

  /** The connection whose bytes fill the block's slot, or -1 when none have landed there. */
  int filledBy(int piece, int begin) {
    Assembly assembly = assembling.get(piece);
    int slot = assembly == null ? -1 : slot(piece, begin, Math.min(BLOCK, pieceSize(piece) - begin));
    return slot < 0 ? -1 : assembly.filledBy(slot);
  }

  /**
   * Removes and returns the assembled piece (position 0, limit the piece length); the caller
   * recycles it when done. Only once every block has landed.
   */
  ByteBuffer take(int piece) {
    Assembly assembly = assembling.remove(piece);
    if (assembly == null) {
      throw new IllegalStateException("piece " + piece + " has no buffer");
    }
    return assembly.data;
  }

  /** Thread-safe: called from the disk thread that finished with the buffer. */
  void recycle(ByteBuffer data) {
    synchronized (pool) {
      if (pool.size() < maxPooled) {
        pool.push(data);
      }
    }
  }

  /**
   * Nothing more is wanted (a seeding torrent needs no buffers): the pooled ones go to the
   * process's {@link IdlePieceBuffers}, for the next download.
   */
  void dropPool() {
    synchronized (pool) {
      pool.forEach(idle::give);
      pool.clear();
    }
  }

  /** The slot of a block that starts at a slot boundary and fills it exactly; -1 for anything else. */
  private int slot(int piece, int begin, int length) {
    if (piece < 0 || piece >= pieceCount || begin < 0 || begin % BLOCK != 0) {
      return -1;
    }
    int size = pieceSize(piece);
    return begin < size && length == Math.min(BLOCK, size - begin) ? begin / BLOCK : -1;
  }

  private int pieceSize(int piece) {
    return (int) Math.min(pieceLength, totalLength - (long) piece * pieceLength);
  }

  private ByteBuffer allocate() {
    synchronized (pool) {
      ByteBuffer reused = pool.poll();
      if (reused != null) {
        return reused.clear();
      }
    }
    ByteBuffer idleOne = idle.take(pieceLength);
    if (idleOne != null) {
      return idleOne;
    }
    return ByteBuffer.allocateDirect(pieceLength + ALIGNMENT).alignedSlice(ALIGNMENT).limit(pieceLength).slice();
  }
}
