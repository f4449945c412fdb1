package io.seedfleet.engine.wire;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The 20-byte id a peer sends at the end of its handshake (often {@code -XX1234-} followed by
 * random bytes, but any bytes are allowed). Immutable; compares by content.
 */
public final class PeerId {
  public static final int LENGTH = 20;

  private final byte[] bytes;

  private PeerId(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Copies the given 20 bytes. */
  public static PeerId of(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("a peer id has 20 bytes, got " + bytes.length);
    }
    return new PeerId(bytes.clone());
  }

  /** Takes ownership of 20 bytes the caller never touches again. */
  static PeerId owning(byte[] bytes) {
    return new PeerId(bytes);
  }

  /** A copy of the 20 bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PeerId other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** Printable ASCII as is, other bytes as {@code %xx}: shows the client prefix, safe in logs. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(LENGTH * 3);
    for (byte b : bytes) {
      if (b >= 0x21 && b <= 0x7E && b != '%') {
        text.append((char) b);
      } else {
        text.append('%').append(HexFormat.of().toHexDigits(b));
      }
    }
    return text.toString();
  }
}
