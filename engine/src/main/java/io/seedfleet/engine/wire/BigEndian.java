package io.seedfleet.engine.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Network-byte-order access that does not depend on the buffer's {@link ByteBuffer#order()}: the
 * decoder reads caller-owned buffers whose order it must not assume or change.
 */
final class BigEndian {
  private BigEndian() {}

  static int getInt(ByteBuffer buffer, int index) {
    int value = buffer.getInt(index);
    return buffer.order() == ByteOrder.BIG_ENDIAN ? value : Integer.reverseBytes(value);
  }

  static int getUnsignedShort(ByteBuffer buffer, int index) {
    return (buffer.get(index) & 0xFF) << 8 | (buffer.get(index + 1) & 0xFF);
  }

  static long getLong(ByteBuffer buffer, int index) {
    long value = buffer.getLong(index);
    return buffer.order() == ByteOrder.BIG_ENDIAN ? value : Long.reverseBytes(value);
  }

  static void putInt(ByteBuffer buffer, int value) {
    buffer.putInt(buffer.order() == ByteOrder.BIG_ENDIAN ? value : Integer.reverseBytes(value));
  }

  static void putShort(ByteBuffer buffer, int value) {
    buffer.put((byte) (value >>> 8)).put((byte) value);
  }

  static void putLong(ByteBuffer buffer, long value) {
    buffer.putLong(buffer.order() == ByteOrder.BIG_ENDIAN ? value : Long.reverseBytes(value));
  }
}
