package io.seedfleet.engine.wire;

import io.seedfleet.engine.metainfo.InfoHash;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The first 68 bytes each side sends: protocol name, reserved bits, info-hash, peer id.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0003.html">BEP 3</a>
 */
public record Handshake(ReservedBits reserved, InfoHash infoHash, byte[] peerId) {
  public Handshake {
    if (peerId.length != 20) {
      throw new IllegalArgumentException("a peer id has 20 bytes, got " + peerId.length);
    }
    peerId = peerId.clone();
  }

  @Override
  public byte[] peerId() {
    return peerId.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Handshake h && h.reserved.equals(reserved) && h.infoHash.equals(infoHash)
        && Arrays.equals(h.peerId, peerId);
  }

  @Override
  public int hashCode() {
    return (reserved.hashCode() * 31 + infoHash.hashCode()) * 31 + Arrays.hashCode(peerId);
  }

  @Override
  public String toString() {
    return "Handshake[" + infoHash + ", peer " + HexFormat.of().formatHex(peerId) + ", reserved "
        + Long.toHexString(reserved.bits()) + "]";
  }
}
