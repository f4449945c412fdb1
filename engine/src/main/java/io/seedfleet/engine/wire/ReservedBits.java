package io.seedfleet.engine.wire;

/**
 * The 8 reserved bytes of the handshake, where clients announce extensions.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0004.html">BEP 4</a>
 */
public record ReservedBits(long bits) {
  public static final ReservedBits NONE = new ReservedBits(0);

  /** BEP 5: byte 7, bit 0x01. */
  private static final long DHT = 0x01L;
  /** BEP 6: byte 7, bit 0x04. */
  private static final long FAST = 0x04L;
  /** BEP 10: byte 5, bit 0x10. */
  private static final long EXTENSION_PROTOCOL = 0x10L << 16;

  public boolean supportsDht() {
    return (bits & DHT) != 0;
  }

  public boolean supportsFast() {
    return (bits & FAST) != 0;
  }

  public boolean supportsExtensionProtocol() {
    return (bits & EXTENSION_PROTOCOL) != 0;
  }

  public ReservedBits withDht() {
    return new ReservedBits(bits | DHT);
  }

  public ReservedBits withFast() {
    return new ReservedBits(bits | FAST);
  }

  public ReservedBits withExtensionProtocol() {
    return new ReservedBits(bits | EXTENSION_PROTOCOL);
  }
}
