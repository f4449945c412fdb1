package io.seedfleet.engine.peer;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Direct buffers for upload batches, reused: the piece headers of each batch, and the blocks that
 * cannot be served from mapped files. A direct buffer goes to the socket as it is (a heap buffer
 * is first copied into a temporary direct one by the JDK); reusing it spares its allocation.
 * Thread-safe: disk threads take buffers, the thread that finishes the socket write gives them back.
 */
final class UploadBuffers {
  private final int capacity;
  private final int maxIdle;
  private final ArrayDeque<ByteBuffer> idle = new ArrayDeque<>(); // guarded by itself

  /**
   * @param capacity bytes per buffer
   * @param maxIdle buffers kept for reuse; more are left to the garbage collector when given back
   */
  UploadBuffers(int capacity, int maxIdle) {
    this.capacity = capacity;
    this.maxIdle = maxIdle;
  }

  int capacity() {
    return capacity;
  }

  /** A cleared buffer of {@link #capacity} bytes; give it back with {@link #release}. */
  ByteBuffer acquire() {
    ByteBuffer buffer;
    synchronized (idle) {
      buffer = idle.pollFirst();
    }
    return buffer != null ? buffer.clear() : ByteBuffer.allocateDirect(capacity);
  }

  /** Takes back a buffer of {@link #acquire}'s once nothing reads it any more. */
  void release(ByteBuffer buffer) {
    synchronized (idle) {
      if (idle.size() < maxIdle) {
        idle.addFirst(buffer); // the most recently used one is the warmest in the CPU's caches
      }
    }
  }

  int idleCount() {
    synchronized (idle) {
      return idle.size();
    }
  }
}
