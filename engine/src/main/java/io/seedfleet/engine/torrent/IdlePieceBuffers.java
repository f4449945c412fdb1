package io.seedfleet.engine.torrent;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Piece buffers no torrent is using, kept for the next download in this process. A fresh direct
 * buffer costs zeroing and first-touch page faults for every byte (a 1 GiB download paid ~65 ms of
 * CPU for its 64 one-MiB buffers), and a node downloads one torrent after another; a torrent that
 * completes hands its buffers here instead of dropping them. Bounded by {@link #MAX_IDLE_BYTES}
 * over all piece lengths; thread-safe.
 */
final class IdlePieceBuffers {
  /** As much as one torrent's in-flight budget: enough for the next download to start warm. */
  static final long MAX_IDLE_BYTES = PieceBuffers.BUDGET_BYTES;

  private static final IdlePieceBuffers SHARED = new IdlePieceBuffers(MAX_IDLE_BYTES);

  private final long maxIdleBytes;
  private final Map<Integer, ArrayDeque<ByteBuffer>> byCapacity = new HashMap<>();
  private long idleBytes;

  IdlePieceBuffers(long maxIdleBytes) {
    this.maxIdleBytes = maxIdleBytes;
  }

  /** The process-wide instance every torrent shares. */
  static IdlePieceBuffers shared() {
    return SHARED;
  }

  /** An idle buffer of exactly {@code capacity} bytes, cleared, or null when there is none. */
  synchronized ByteBuffer take(int capacity) {
    ArrayDeque<ByteBuffer> idle = byCapacity.get(capacity);
    ByteBuffer buffer = idle == null ? null : idle.poll();
    if (buffer != null) {
      idleBytes -= capacity;
      buffer.clear();
    }
    return buffer;
  }

  /** Keeps {@code buffer} for a later {@link #take} unless the bound is reached; false if dropped. */
  synchronized boolean give(ByteBuffer buffer) {
    int capacity = buffer.capacity();
    if (idleBytes + capacity > maxIdleBytes) {
      return false;
    }
    byCapacity.computeIfAbsent(capacity, c -> new ArrayDeque<>()).push(buffer);
    idleBytes += capacity;
    return true;
  }

  synchronized long idleBytes() {
    return idleBytes;
  }
}
