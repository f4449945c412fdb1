package io.seedfleet.engine.wire.extension;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One peer in a ut_pex {@code added} list, with its BEP 11 flags byte.
 *
 * @param flags bit set of {@link #PREFERS_ENCRYPTION}, {@link #SEED}, {@link #SUPPORTS_UTP},
 *     {@link #HOLEPUNCH}, {@link #REACHABLE}; 0..255
 */
public record PexPeer(InetSocketAddress address, int flags) {
  public static final int PREFERS_ENCRYPTION = 0x01;
  public static final int SEED = 0x02;
  public static final int SUPPORTS_UTP = 0x04;
  public static final int HOLEPUNCH = 0x08;
  public static final int REACHABLE = 0x10;

  public PexPeer {
    Objects.requireNonNull(address);
    if (flags < 0 || flags > 0xFF) {
      throw new IllegalArgumentException("PEX flags are one byte: " + flags);
    }
  }

  public boolean isSeed() {
    return (flags & SEED) != 0;
  }
}
