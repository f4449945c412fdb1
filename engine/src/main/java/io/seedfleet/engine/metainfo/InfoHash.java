package io.seedfleet.engine.metainfo;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The 20-byte SHA-1 of a torrent's bencoded v1 info dictionary: the torrent's identity on the
 * wire, at trackers and in the DHT. Immutable; compares by content.
 */
public final class InfoHash implements Comparable<InfoHash> {
  public static final int LENGTH = 20;
  private static final HexFormat HEX = HexFormat.of();

  private final byte[] bytes;
  private final int hash;

  private InfoHash(byte[] bytes) {
    this.bytes = bytes;
    this.hash = Arrays.hashCode(bytes);
  }

  /** Copies the given 20 bytes. */
  public static InfoHash of(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("an info-hash has 20 bytes, got " + bytes.length);
    }
    return new InfoHash(bytes.clone());
  }

  /** Parses 40 hexadecimal digits, either case. */
  public static InfoHash fromHex(String hex) {
    if (hex.length() != 2 * LENGTH) {
      throw new IllegalArgumentException("an info-hash has 40 hex digits, got " + hex.length());
    }
    try {
      return new InfoHash(HEX.parseHex(hex));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a hex info-hash: " + hex, e);
    }
  }

  /** A copy of the 20 bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** Compares with 20 bytes at {@code offset} of {@code other} without copying. */
  public boolean matches(byte[] other, int offset) {
    return Arrays.equals(bytes, 0, LENGTH, other, offset, offset + LENGTH);
  }

  /** Lower-case hex, as used in magnet links and logs. */
  public String hex() {
    return HEX.formatHex(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof InfoHash other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public int compareTo(InfoHash o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public String toString() {
    return hex();
  }
}
