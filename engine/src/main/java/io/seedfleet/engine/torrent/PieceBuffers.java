package io.seedfleet.engine.torrent;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * In-memory assembly of pieces being downloaded. A piece is hashed from memory and written to disk
 * in one call once it passes, so the disk never holds unverified bytes and nothing is read back.
 * Buffers are recycled because piece-sized arrays are expensive to allocate and collect.
 */
final class PieceBuffers {
  /** Memory for pieces in flight; the picker starts no new piece beyond it. */
  static final long BUDGET_BYTES = 256L << 20;
  private static final int MAX_POOLED = 16;

  private final int pieceLength;
  private final Map<Integer, byte[]> assembling = new HashMap<>();
  private final ArrayDeque<byte[]> pool = new ArrayDeque<>();

  PieceBuffers(int pieceLength) {
    this.pieceLength = pieceLength;
  }

  /** How many pieces of this length fit the budget (at least 4, so a few peers can work). */
  static int maxPieces(int pieceLength) {
    return (int) Math.max(4, BUDGET_BYTES / pieceLength);
  }

  void put(int piece, int begin, ByteBuffer block) {
    byte[] data = assembling.computeIfAbsent(piece, p -> allocate());
    block.duplicate().get(data, begin, block.remaining());
  }

  /** Removes and returns the assembled piece; the caller recycles it when done. */
  byte[] take(int piece) {
    byte[] data = assembling.remove(piece);
    if (data == null) {
      throw new IllegalStateException("piece " + piece + " has no buffer");
    }
    return data;
  }

  /** Thread-safe: called from the disk thread that finished with the buffer. */
  void recycle(byte[] data) {
    synchronized (pool) {
      if (pool.size() < MAX_POOLED) {
        pool.push(data);
      }
    }
  }

  private byte[] allocate() {
    synchronized (pool) {
      byte[] reused = pool.poll();
      if (reused != null) {
        return reused;
      }
    }
    return new byte[pieceLength];
  }
}
