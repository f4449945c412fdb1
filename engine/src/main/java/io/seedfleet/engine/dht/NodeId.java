package io.seedfleet.engine.dht;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * A 160-bit DHT node id or info-hash. Immutable; compares as an unsigned big-endian number, which
 * makes XOR distances ({@link #xor}) sortable: the smaller distance is the closer node.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0005.html">BEP 5</a>
 */
public final class NodeId implements Comparable<NodeId> {
  public static final int LENGTH = 20;
  public static final int BITS = LENGTH * 8;

  private final byte[] bytes;

  private NodeId(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Copies 20 bytes. */
  public static NodeId of(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("node id must be 20 bytes, was " + bytes.length);
    }
    return new NodeId(bytes.clone());
  }

  /** Copies 20 bytes of {@code source} from {@code offset}. */
  public static NodeId of(byte[] source, int offset) {
    return new NodeId(Arrays.copyOfRange(source, offset, offset + LENGTH));
  }

  public static NodeId ofHex(String hex) {
    return of(HexFormat.of().parseHex(hex));
  }

  public static NodeId random(RandomGenerator random) {
    byte[] b = new byte[LENGTH];
    random.nextBytes(b);
    return new NodeId(b);
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  /** The XOR distance to {@code other}, as an id so that it sorts. */
  public NodeId xor(NodeId other) {
    byte[] d = new byte[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      d[i] = (byte) (bytes[i] ^ other.bytes[i]);
    }
    return new NodeId(d);
  }

  /** Negative when {@code a} is closer to this id than {@code b}, zero when equally close. */
  public int compareDistance(NodeId a, NodeId b) {
    for (int i = 0; i < LENGTH; i++) {
      int da = (a.bytes[i] ^ bytes[i]) & 0xFF;
      int db = (b.bytes[i] ^ bytes[i]) & 0xFF;
      if (da != db) {
        return Integer.compare(da, db);
      }
    }
    return 0;
  }

  /** How many leading bits this id shares with {@code other} (160 when equal). */
  public int commonPrefixBits(NodeId other) {
    for (int i = 0; i < LENGTH; i++) {
      int x = (bytes[i] ^ other.bytes[i]) & 0xFF;
      if (x != 0) {
        return i * 8 + Integer.numberOfLeadingZeros(x) - 24;
      }
    }
    return BITS;
  }

  /** Bit {@code index} counted from the most significant bit. */
  public boolean bit(int index) {
    return (bytes[index >>> 3] & (0x80 >>> (index & 7))) != 0;
  }

  /**
   * A random id that shares exactly {@code prefixBits} leading bits with this one (the next bit
   * differs), used to refresh the bucket at that depth.
   */
  public NodeId randomWithPrefix(int prefixBits, RandomGenerator random) {
    byte[] b = new byte[LENGTH];
    random.nextBytes(b);
    for (int i = 0; i < prefixBits && i < BITS; i++) {
      setBit(b, i, bit(i));
    }
    if (prefixBits < BITS) {
      setBit(b, prefixBits, !bit(prefixBits));
    }
    return new NodeId(b);
  }

  private static void setBit(byte[] b, int index, boolean value) {
    int mask = 0x80 >>> (index & 7);
    b[index >>> 3] = (byte) (value ? b[index >>> 3] | mask : b[index >>> 3] & ~mask);
  }

  byte byteAt(int index) {
    return bytes[index];
  }

  @Override
  public int compareTo(NodeId o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NodeId other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return HexFormat.of().formatHex(bytes);
  }
}
