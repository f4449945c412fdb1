package io.seedfleet.engine.dht;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.random.RandomGenerator;
import java.util.zip.CRC32C;

/**
 * BEP 42: a node id is tied to its IP. The first 21 bits of the id must equal the first 21 bits of
 * CRC32-C over the masked IP with 3 random bits {@code r} (the low bits of the id's last byte).
 * Local and private addresses are exempt, since their owners cannot choose public ids for them.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0042.html">BEP 42</a>
 */
public final class NodeIdIp {
  private static final byte[] V4_MASK = {0x03, 0x0f, 0x3f, (byte) 0xff};
  private static final byte[] V6_MASK = {0x01, 0x03, 0x07, 0x0f, 0x1f, 0x3f, 0x7f, (byte) 0xff};

  private NodeIdIp() {}

  /** True when {@code id} is valid for {@code address}, or the address is exempt. */
  public static boolean isValid(NodeId id, InetAddress address) {
    if (isExempt(address)) {
      return true;
    }
    int crc = crc(address, id.byteAt(NodeId.LENGTH - 1) & 0x7);
    return (id.byteAt(0) & 0xFF) == (crc >>> 24 & 0xFF)
        && (id.byteAt(1) & 0xFF) == (crc >>> 16 & 0xFF)
        && (id.byteAt(2) & 0xF8) == (crc >>> 8 & 0xF8);
  }

  /** A random id that is valid for {@code address}. */
  public static NodeId generate(InetAddress address, RandomGenerator random) {
    byte[] b = NodeId.random(random).bytes();
    int crc = crc(address, b[NodeId.LENGTH - 1] & 0x7);
    b[0] = (byte) (crc >>> 24);
    b[1] = (byte) (crc >>> 16);
    b[2] = (byte) ((crc >>> 8 & 0xF8) | (b[2] & 0x7));
    return NodeId.of(b);
  }

  /** Loopback, private (RFC 1918), link-local and unique-local addresses. */
  public static boolean isExempt(InetAddress address) {
    if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
        || address.isAnyLocalAddress()) {
      return true;
    }
    return address instanceof Inet6Address && (address.getAddress()[0] & 0xFE) == 0xFC;
  }

  static int crc(InetAddress address, int r) {
    byte[] ip = address.getAddress();
    byte[] mask = address instanceof Inet4Address ? V4_MASK : V6_MASK;
    byte[] masked = new byte[mask.length];
    for (int i = 0; i < mask.length; i++) {
      masked[i] = (byte) (ip[i] & mask[i]);
    }
    masked[0] |= (byte) (r << 5);
    CRC32C crc = new CRC32C();
    crc.update(masked);
    return (int) crc.getValue();
  }
}
