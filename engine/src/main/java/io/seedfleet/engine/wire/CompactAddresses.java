package io.seedfleet.engine.wire;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * The "compact" peer address form shared by trackers (BEP 23, BEP 7), PEX (BEP 11) and the DHT
 * (BEP 5): an IPv4 address in 4 bytes or an IPv6 address in 16, each followed by a big-endian
 * 2-byte port. Decoding never allocates more than {@code limit} entries, whatever the input says.
 */
public final class CompactAddresses {
  public static final int IPV4_ENTRY = 6;
  public static final int IPV6_ENTRY = 18;

  private CompactAddresses() {}

  /**
   * Decodes whole entries of {@code family} bytes (6 or 18) from {@code bytes}, at most {@code
   * limit} of them; entries with port 0 are skipped. A trailing partial entry is an error, because
   * it means the sender and we disagree on the format.
   */
  public static List<InetSocketAddress> decode(byte[] bytes, int entrySize, int limit) {
    if (entrySize != IPV4_ENTRY && entrySize != IPV6_ENTRY) {
      throw new IllegalArgumentException("entry size must be 6 or 18, not " + entrySize);
    }
    if (bytes.length % entrySize != 0) {
      throw new IllegalArgumentException(
          "compact peer list of " + bytes.length + " bytes is not a multiple of " + entrySize);
    }
    int count = Math.min(bytes.length / entrySize, Math.max(0, limit));
    List<InetSocketAddress> peers = new ArrayList<>(count);
    int addressLength = entrySize - 2;
    for (int i = 0, offset = 0; i < bytes.length / entrySize && peers.size() < count; i++, offset += entrySize) {
      int port = (bytes[offset + addressLength] & 0xFF) << 8 | (bytes[offset + addressLength + 1] & 0xFF);
      if (port == 0) {
        continue;
      }
      peers.add(new InetSocketAddress(address(Arrays.copyOfRange(bytes, offset, offset + addressLength)), port));
    }
    return peers;
  }

  /** Encodes one address as 6 or 18 bytes. Unresolved addresses cannot be encoded. */
  public static byte[] encode(InetSocketAddress peer) {
    InetAddress address = peer.getAddress();
    if (address == null) {
      throw new IllegalArgumentException("unresolved address " + peer.getHostString());
    }
    byte[] ip = address.getAddress();
    byte[] entry = Arrays.copyOf(ip, ip.length + 2);
    entry[ip.length] = (byte) (peer.getPort() >>> 8);
    entry[ip.length + 1] = (byte) peer.getPort();
    return entry;
  }

  /** Encodes the addresses of one family (IPv4 if {@code ipv6} is false), skipping the others. */
  public static byte[] encodeAll(Collection<InetSocketAddress> peers, boolean ipv6) {
    int entrySize = ipv6 ? IPV6_ENTRY : IPV4_ENTRY;
    List<byte[]> entries = new ArrayList<>(peers.size());
    for (InetSocketAddress peer : peers) {
      InetAddress address = peer.getAddress();
      if (address instanceof Inet6Address == ipv6 && (address instanceof Inet4Address || address instanceof Inet6Address)) {
        entries.add(encode(peer));
      }
    }
    byte[] out = new byte[entries.size() * entrySize];
    for (int i = 0; i < entries.size(); i++) {
      System.arraycopy(entries.get(i), 0, out, i * entrySize, entrySize);
    }
    return out;
  }

  private static InetAddress address(byte[] raw) {
    try {
      return InetAddress.getByAddress(raw);
    } catch (UnknownHostException e) {
      throw new AssertionError("4 or 16 bytes are always a valid address", e);
    }
  }
}
