package io.seedfleet.engine.wire;

import java.nio.ByteBuffer;

/**
 * Where a PIECE message's block may go instead of into a copy of its own: the piece being
 * assembled. The decoder offers every complete PIECE frame before it copies the block out of the
 * input, so a block read from the socket is copied once, into place.
 */
@FunctionalInterface
public interface BlockSink {
  /**
   * Takes the block's bytes: {@code length} bytes of {@code frame} from absolute {@code index}
   * (within its limit; the buffer's position and limit must not be changed).
   *
   * @return the buffer the message carries instead of a copy, or null to leave the block to the
   *     decoder, which then copies it
   */
  ByteBuffer land(int piece, int begin, ByteBuffer frame, int index, int length);
}
