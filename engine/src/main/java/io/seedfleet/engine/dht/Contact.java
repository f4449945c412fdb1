package io.seedfleet.engine.dht;

import io.seedfleet.engine.wire.CompactAddresses;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * A DHT node as other nodes describe it: its id and UDP address. The "compact node info" form is
 * the 20-byte id followed by the 6-byte compact IPv4 address.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0005.html">BEP 5</a>
 */
public record Contact(NodeId id, InetSocketAddress address) {
  public static final int COMPACT_LENGTH = NodeId.LENGTH + CompactAddresses.IPV4_ENTRY;

  public Contact {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(address, "address");
  }

  /**
   * Decodes whole 26-byte entries, at most {@code limit}; entries with port 0 are skipped. A length
   * that is not a multiple of 26 is an error.
   */
  public static List<Contact> decodeCompact(byte[] bytes, int limit) {
    if (bytes.length % COMPACT_LENGTH != 0) {
      throw new IllegalArgumentException("compact node info of " + bytes.length + " bytes is not a multiple of 26");
    }
    int count = Math.min(bytes.length / COMPACT_LENGTH, Math.max(0, limit));
    List<Contact> contacts = new ArrayList<>(count);
    byte[] entry = new byte[CompactAddresses.IPV4_ENTRY];
    for (int offset = 0; offset < bytes.length && contacts.size() < count; offset += COMPACT_LENGTH) {
      System.arraycopy(bytes, offset + NodeId.LENGTH, entry, 0, entry.length);
      List<InetSocketAddress> address = CompactAddresses.decode(entry, CompactAddresses.IPV4_ENTRY, 1);
      if (!address.isEmpty()) {
        contacts.add(new Contact(NodeId.of(bytes, offset), address.get(0)));
      }
    }
    return contacts;
  }

  /** Encodes the IPv4 contacts; others are skipped. */
  public static byte[] encodeCompact(Collection<Contact> contacts) {
    List<Contact> v4 = contacts.stream()
        .filter(c -> c.address.getAddress() instanceof Inet4Address)
        .toList();
    byte[] out = new byte[v4.size() * COMPACT_LENGTH];
    int offset = 0;
    for (Contact c : v4) {
      System.arraycopy(c.id.bytes(), 0, out, offset, NodeId.LENGTH);
      System.arraycopy(CompactAddresses.encode(c.address), 0, out, offset + NodeId.LENGTH, CompactAddresses.IPV4_ENTRY);
      offset += COMPACT_LENGTH;
    }
    return out;
  }
}
