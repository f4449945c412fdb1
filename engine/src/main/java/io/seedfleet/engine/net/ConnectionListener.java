package io.seedfleet.engine.net;

import java.nio.ByteBuffer;

/**
 * Receives a connection's events on the network loop's thread. Implementations must return quickly
 * and never block: they parse bytes and hand batches to an actor.
 */
public interface ConnectionListener {

  /**
   * Bytes arrived. {@code data} is the loop's shared read buffer, valid only during this call: copy
   * what must outlive it. Consume it entirely.
   */
  void onData(ByteBuffer data);

  /** The send queue fell below its low-water mark after having been above it. */
  default void onWritable() {}

  /** The connection closed, by either side. {@code cause} is null for an orderly close. */
  void onClosed(Throwable cause);
}
