package io.seedfleet.engine.wire;

/**
 * The 8 reserved bytes of the handshake, as one big-endian {@code long}: byte 0 of the wire is the
 * most significant byte, byte 7 the least. Bits this engine does not know are kept as received.
 *
 * <pre>
 * byte:  0    1    2    3    4    5     6    7
 *                                 0x10       0x04 fast (BEP 6)
 *                            extension       0x01 DHT (BEP 5)
 *                         protocol (BEP 10)
 * </pre>
 *
 * @param bits the 8 bytes, wire byte 0 in bits 63..56
 * @see <a href="https://www.bittorrent.org/beps/bep_0004.html">BEP 4 (assigned bits)</a>
 */
public record ReservedBits(long bits) {
  /** No extension: what a plain BEP 3 client sends. */
  public static final ReservedBits NONE = new ReservedBits(0L);

  /** Byte 7, bit 0x01. @see <a href="https://www.bittorrent.org/beps/bep_0005.html">BEP 5</a> */
  static final long DHT = 0x01L;

  /** Byte 7, bit 0x04. @see <a href="https://www.bittorrent.org/beps/bep_0006.html">BEP 6</a> */
  static final long FAST = 0x04L;

  /** Byte 5, bit 0x10. @see <a href="https://www.bittorrent.org/beps/bep_0010.html">BEP 10</a> */
  static final long EXTENSION_PROTOCOL = 0x10L << 16;

  /** Whether the sender supports the fast extension (BEP 6). */
  public boolean supportsFast() {
    return (bits & FAST) != 0;
  }

  /** Whether the sender supports the extension protocol (BEP 10). */
  public boolean supportsExtensionProtocol() {
    return (bits & EXTENSION_PROTOCOL) != 0;
  }

  /** Whether the sender runs a DHT node and understands PORT (BEP 5). */
  public boolean supportsDht() {
    return (bits & DHT) != 0;
  }

  /** The bits both sides set: an extension is used only when both advertise it. */
  public ReservedBits and(ReservedBits other) {
    return new ReservedBits(bits & other.bits);
  }

  /** A builder starting from no bits set. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String toString() {
    return String.format("ReservedBits[%016x]", bits);
  }

  /** Sets the bits this engine advertises. */
  public static final class Builder {
    private long bits;

    private Builder() {}

    /** Advertises the fast extension (BEP 6). */
    public Builder fast() {
      bits |= FAST;
      return this;
    }

    /** Advertises the extension protocol (BEP 10). */
    public Builder extensionProtocol() {
      bits |= EXTENSION_PROTOCOL;
      return this;
    }

    /** Advertises a DHT node (BEP 5). */
    public Builder dht() {
      bits |= DHT;
      return this;
    }

    public ReservedBits build() {
      return new ReservedBits(bits);
    }
  }
}
