package io.seedfleet.engine.torrent;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * In-memory assembly of pieces being downloaded. A piece is hashed from memory and written to disk
 * in one call once it passes, so the disk never holds unverified bytes and nothing is read back.
 * The buffers are direct and block-aligned, so the verified piece goes to disk with O_DIRECT without
 * another copy (ADR 0014), and off the heap, so the collector never scans or moves them (piece-sized
 * arrays were humongous objects for G1). They are recycled: allocating one costs far more than
 * reusing it.
 */
final class PieceBuffers {
  /**
   * Memory for pieces in flight; the picker starts no new piece beyond it. Pieces waiting for
   * their hash check and write count too, so this also bounds how far the network may run ahead
   * of the disk: more only grows the heap into fresh memory, it does not finish the download sooner.
   */
  static final long BUDGET_BYTES = 64L << 20;
  /** O_DIRECT wants the memory aligned to the file system's block size; 4 KiB suits the usual ones. */
  private static final int ALIGNMENT = 4096;
  private final int pieceLength;
  /**
   * Every buffer handed back is kept, up to the budget: a dropped piece-sized array has usually
   * survived a young collection already, so it dies in the old generation and the heap grows into
   * fresh memory (measured: a 1 GiB download grew the heap to 600 MB and paid ~180k page faults).
   */
  private final int maxPooled;
  private final Map<Integer, ByteBuffer> assembling = new HashMap<>();
  private final ArrayDeque<ByteBuffer> pool = new ArrayDeque<>();

  PieceBuffers(int pieceLength) {
    this(pieceLength, BUDGET_BYTES);
  }

  PieceBuffers(int pieceLength, long budgetBytes) {
    this.pieceLength = pieceLength;
    this.maxPooled = maxPieces(pieceLength, budgetBytes);
  }

  /** How many pieces of this length fit the budget (at least 4, so a few peers can work). */
  static int maxPieces(int pieceLength) {
    return maxPieces(pieceLength, BUDGET_BYTES);
  }

  private static int maxPieces(int pieceLength, long budgetBytes) {
    return (int) Math.max(4, budgetBytes / pieceLength);
  }

  void put(int piece, int begin, ByteBuffer block) {
    ByteBuffer data = assembling.computeIfAbsent(piece, p -> allocate());
    data.put(begin, block, block.position(), block.remaining());
  }

  /**
   * Removes and returns the assembled piece (position 0, limit the piece length); the caller
   * recycles it when done.
   */
  ByteBuffer take(int piece) {
    ByteBuffer data = assembling.remove(piece);
    if (data == null) {
      throw new IllegalStateException("piece " + piece + " has no buffer");
    }
    return data;
  }

  /** Thread-safe: called from the disk thread that finished with the buffer. */
  void recycle(ByteBuffer data) {
    synchronized (pool) {
      if (pool.size() < maxPooled) {
        pool.push(data);
      }
    }
  }

  /** Lets the pooled buffers go once nothing more is wanted (a seeding torrent needs none). */
  void dropPool() {
    synchronized (pool) {
      pool.clear();
    }
  }

  private ByteBuffer allocate() {
    synchronized (pool) {
      ByteBuffer reused = pool.poll();
      if (reused != null) {
        return reused.clear();
      }
    }
    return ByteBuffer.allocateDirect(pieceLength + ALIGNMENT).alignedSlice(ALIGNMENT).limit(pieceLength).slice();
  }
}
