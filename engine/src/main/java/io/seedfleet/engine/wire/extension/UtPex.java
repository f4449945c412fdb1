package io.seedfleet.engine.wire.extension;

import io.seedfleet.engine.bencode.BBytes;
import io.seedfleet.engine.bencode.BDict;
import io.seedfleet.engine.bencode.BValue;
import io.seedfleet.engine.bencode.Bencode;
import io.seedfleet.engine.bencode.BencodeDecoder;
import io.seedfleet.engine.bencode.BencodeException;
import io.seedfleet.engine.bencode.BencodeLimits;
import io.seedfleet.engine.wire.CompactAddresses;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Codec for BEP 11 ut_pex payloads.
 *
 * <pre>
 * d
 *   5:added    &lt;6 bytes per IPv4 peer: address, port&gt;
 *   7:added.f  &lt;1 flags byte per added peer&gt;
 *   6:added6   &lt;18 bytes per IPv6 peer&gt;
 *   8:added6.f &lt;1 flags byte per added6 peer&gt;
 *   7:dropped  &lt;6 bytes per IPv4 peer&gt;
 *   8:dropped6 &lt;18 bytes per IPv6 peer&gt;
 * e
 * </pre>
 *
 * At most {@link #MAX_PEERS_PER_LIST} entries are taken from each list, whatever the list holds:
 * like libtorrent we never let one message flood the peer list. A missing flags byte reads as 0.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0011.html">BEP 11</a>
 */
public final class UtPex {
  /** The extension's name in the BEP 10 {@code m} dictionary. */
  public static final String NAME = "ut_pex";
  /** Entries taken from (and sent in) each list. */
  public static final int MAX_PEERS_PER_LIST = 50;
  /** The largest payload decoded; a full message with four lists of 50 is under 3 KiB. */
  public static final int MAX_PAYLOAD = 64 * 1024;

  private static final BencodeDecoder DECODER =
      new BencodeDecoder(new BencodeLimits(4, MAX_PAYLOAD, 19, 256, MAX_PAYLOAD, false, false));

  private UtPex() {}

  /**
   * Decodes one payload.
   *
   * @throws ExtensionMessageException for bad bencode, a non-dictionary, or a peer list whose
   *     length is not a multiple of its entry size
   */
  public static PexMessage decode(ByteBuffer payload) throws ExtensionMessageException {
    if (payload.remaining() > MAX_PAYLOAD) {
      throw new ExtensionMessageException("ut_pex message of " + payload.remaining() + " bytes exceeds " + MAX_PAYLOAD);
    }
    byte[] bytes = new byte[payload.remaining()];
    payload.duplicate().get(bytes);
    BValue value;
    try {
      value = DECODER.decode(bytes);
    } catch (BencodeException e) {
      throw new ExtensionMessageException("ut_pex: " + e.getMessage());
    }
    if (!(value instanceof BDict dict)) {
      throw new ExtensionMessageException("ut_pex message is not a dictionary");
    }
    List<PexPeer> added = new ArrayList<>();
    addWithFlags(dict, "added", CompactAddresses.IPV4_ENTRY, added);
    addWithFlags(dict, "added6", CompactAddresses.IPV6_ENTRY, added);
    List<InetSocketAddress> dropped = new ArrayList<>();
    dropped.addAll(addresses(dict, "dropped", CompactAddresses.IPV4_ENTRY));
    dropped.addAll(addresses(dict, "dropped6", CompactAddresses.IPV6_ENTRY));
    return new PexMessage(added, dropped);
  }

  private static void addWithFlags(BDict dict, String key, int entrySize, List<PexPeer> into)
      throws ExtensionMessageException {
    BBytes raw = bytesOrEmpty(dict, key);
    BBytes flags = bytesOrEmpty(dict, key + ".f");
    checkEntries(key, raw, entrySize);
    byte[] all = raw.bytes();
    int count = Math.min(all.length / entrySize, MAX_PEERS_PER_LIST);
    for (int i = 0; i < count; i++) {
      List<InetSocketAddress> one =
          CompactAddresses.decode(Arrays.copyOfRange(all, i * entrySize, (i + 1) * entrySize), entrySize, 1);
      if (!one.isEmpty()) { // port 0 entries are skipped, and their flags byte with them
        into.add(new PexPeer(one.get(0), i < flags.length() ? flags.byteAt(i) & 0xFF : 0));
      }
    }
  }

  private static List<InetSocketAddress> addresses(BDict dict, String key, int entrySize)
      throws ExtensionMessageException {
    BBytes raw = bytesOrEmpty(dict, key);
    checkEntries(key, raw, entrySize);
    return CompactAddresses.decode(raw.bytes(), entrySize, MAX_PEERS_PER_LIST);
  }

  private static void checkEntries(String key, BBytes raw, int entrySize) throws ExtensionMessageException {
    if (raw.length() % entrySize != 0) {
      throw new ExtensionMessageException("ut_pex " + key + " has " + raw.length() + " bytes, not a multiple of " + entrySize);
    }
  }

  private static BBytes bytesOrEmpty(BDict dict, String key) {
    BBytes raw = dict.getBytesOrNull(key);
    return raw == null ? BBytes.EMPTY : raw;
  }

  /** Encodes a message, sending at most {@link #MAX_PEERS_PER_LIST} entries of each list. */
  public static byte[] encode(PexMessage message) {
    List<PexPeer> v4 = new ArrayList<>();
    List<PexPeer> v6 = new ArrayList<>();
    for (PexPeer peer : message.added()) {
      if (peer.address().getAddress() == null) {
        continue; // unresolved names have no compact form
      }
      List<PexPeer> family = peer.address().getAddress() instanceof Inet6Address ? v6 : v4;
      if (family.size() < MAX_PEERS_PER_LIST) {
        family.add(peer);
      }
    }
    List<InetSocketAddress> dropped = message.dropped().stream().filter(a -> a.getAddress() != null).toList();
    List<InetSocketAddress> dropped4 =
        dropped.stream().filter(a -> !(a.getAddress() instanceof Inet6Address)).limit(MAX_PEERS_PER_LIST).toList();
    List<InetSocketAddress> dropped6 =
        dropped.stream().filter(a -> a.getAddress() instanceof Inet6Address).limit(MAX_PEERS_PER_LIST).toList();
    BDict.Builder dict = BDict.builder()
        .put("added", CompactAddresses.encodeAll(v4.stream().map(PexPeer::address).toList(), false))
        .put("added.f", flags(v4))
        .put("added6", CompactAddresses.encodeAll(v6.stream().map(PexPeer::address).toList(), true))
        .put("added6.f", flags(v6))
        .put("dropped", CompactAddresses.encodeAll(dropped4, false))
        .put("dropped6", CompactAddresses.encodeAll(dropped6, true));
    return Bencode.encode(dict.build());
  }

  private static byte[] flags(List<PexPeer> peers) {
    byte[] out = new byte[peers.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) peers.get(i).flags();
    }
    return out;
  }
}
