package io.seedfleet.engine.trackerd;

import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.wire.CompactAddresses;
import io.seedfleet.engine.wire.PeerId;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The UDP tracker protocol's packets, server side. All integers are big-endian.
 *
 * <pre>
 * connect request (16)        announce request (98, BEP 41 options may follow)
 * 0  int64 0x41727101980      0  int64 connection_id     56 int64 downloaded
 * 8  int32 action = 0         8  int32 action = 1        64 int64 left
 * 12 int32 transaction_id     12 int32 transaction_id    72 int64 uploaded
 *                             16 20B   info_hash         80 int32 event
 * scrape request (16 + 20n)   36 20B   peer_id           84 uint32 ip (0: source)
 * 0  int64 connection_id                                 88 uint32 key
 * 8  int32 action = 2                                    92 int32 num_want (-1: default)
 * 12 int32 transaction_id                                96 uint16 port
 * 16 20B x n info_hash, 1 &lt;= n &lt;= 74
 *
 * replies: int32 action, int32 transaction_id, then
 *   connect:  int64 connection_id
 *   announce: int32 interval, int32 leechers, int32 seeders, 6-byte (IPv4) or 18-byte (IPv6) peers
 *   scrape:   per hash int32 seeders, int32 completed, int32 leechers
 *   error:    the message, UTF-8, to the end of the packet
 * </pre>
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0015.html">BEP 15</a>
 */
public final class UdpTrackerPackets {
  public static final long PROTOCOL_ID = 0x41727101980L;
  public static final int ACTION_CONNECT = 0;
  public static final int ACTION_ANNOUNCE = 1;
  public static final int ACTION_SCRAPE = 2;
  public static final int ACTION_ERROR = 3;
  public static final int MIN_PACKET = 16;
  public static final int ANNOUNCE_LENGTH = 98;
  public static final int MAX_SCRAPE_HASHES = 74;
  /** Larger than any request we serve: 16 + 74 x 20 = 1496 bytes, plus room for BEP 41 options. */
  public static final int MAX_PACKET = 2048;

  private UdpTrackerPackets() {}

  /** Parses {@code length} bytes of {@code packet}; never throws on any input. */
  public static UdpTrackerRequest parse(byte[] packet, int length) {
    if (length < MIN_PACKET || length > packet.length) {
      return new UdpTrackerRequest.Malformed(false, 0, "packet too short");
    }
    if (length > MAX_PACKET) {
      return new UdpTrackerRequest.Malformed(false, 0, "packet too long");
    }
    ByteBuffer in = ByteBuffer.wrap(packet, 0, length);
    long connectionId = in.getLong();
    int action = in.getInt();
    int transactionId = in.getInt();
    return switch (action) {
      case ACTION_CONNECT -> connectionId == PROTOCOL_ID
          ? new UdpTrackerRequest.Connect(transactionId)
          : new UdpTrackerRequest.Malformed(false, transactionId, "not a BitTorrent UDP tracker request");
      case ACTION_ANNOUNCE -> announce(in, connectionId, transactionId, length);
      case ACTION_SCRAPE -> scrape(in, connectionId, transactionId, length);
      default -> new UdpTrackerRequest.Malformed(true, transactionId, "unknown action");
    };
  }

  private static UdpTrackerRequest announce(ByteBuffer in, long connectionId, int transactionId, int length) {
    if (length < ANNOUNCE_LENGTH) {
      return new UdpTrackerRequest.Malformed(true, transactionId, "announce too short");
    }
    byte[] infoHash = new byte[InfoHash.LENGTH];
    in.get(infoHash);
    byte[] peerId = new byte[PeerId.LENGTH];
    in.get(peerId);
    long downloaded = in.getLong();
    long left = in.getLong();
    long uploaded = in.getLong();
    AnnounceEvent event = AnnounceEvent.fromUdpCode(in.getInt());
    int ip = in.getInt();
    int key = in.getInt();
    int numwant = in.getInt();
    int port = Short.toUnsignedInt(in.getShort());
    return new UdpTrackerRequest.Announce(connectionId, transactionId, InfoHash.of(infoHash), PeerId.of(peerId),
        downloaded, left, uploaded, event, ip, key, numwant, port);
  }

  private static UdpTrackerRequest scrape(ByteBuffer in, long connectionId, int transactionId, int length) {
    int hashBytes = length - MIN_PACKET;
    if (hashBytes == 0 || hashBytes % InfoHash.LENGTH != 0) {
      return new UdpTrackerRequest.Malformed(true, transactionId, "scrape needs whole info-hashes");
    }
    int count = hashBytes / InfoHash.LENGTH;
    if (count > MAX_SCRAPE_HASHES) {
      return new UdpTrackerRequest.Malformed(true, transactionId, "too many info-hashes");
    }
    List<InfoHash> hashes = new ArrayList<>(count);
    byte[] hash = new byte[InfoHash.LENGTH];
    for (int i = 0; i < count; i++) {
      in.get(hash);
      hashes.add(InfoHash.of(hash));
    }
    return new UdpTrackerRequest.Scrape(connectionId, transactionId, hashes);
  }

  public static byte[] connectReply(int transactionId, long connectionId) {
    return ByteBuffer.allocate(16).putInt(ACTION_CONNECT).putInt(transactionId).putLong(connectionId).array();
  }

  /** Peers of the requester's address family only: 6-byte entries for IPv4, 18-byte for IPv6. */
  public static byte[] announceReply(int transactionId, AnnounceReply reply, boolean ipv6) {
    List<InetSocketAddress> addresses = reply.peers().stream().map(TrackedPeer::address).toList();
    byte[] peers = CompactAddresses.encodeAll(addresses, ipv6);
    return ByteBuffer.allocate(20 + peers.length)
        .putInt(ACTION_ANNOUNCE).putInt(transactionId)
        .putInt(reply.intervalSeconds()).putInt(reply.incomplete()).putInt(reply.complete())
        .put(peers).array();
  }

  /** One entry per requested hash, in order; {@code counts} lacks the unknown ones, which read as zero. */
  public static byte[] scrapeReply(int transactionId, List<InfoHash> requested, Map<InfoHash, ScrapeCounts> counts) {
    ByteBuffer out = ByteBuffer.allocate(8 + 12 * requested.size()).putInt(ACTION_SCRAPE).putInt(transactionId);
    for (InfoHash hash : requested) {
      ScrapeCounts c = counts.getOrDefault(hash, ScrapeCounts.EMPTY);
      out.putInt(c.complete()).putInt((int) Math.min(c.downloaded(), Integer.MAX_VALUE)).putInt(c.incomplete());
    }
    return out.array();
  }

  public static byte[] errorReply(int transactionId, String message) {
    byte[] text = message.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(8 + text.length).putInt(ACTION_ERROR).putInt(transactionId).put(text).array();
  }
}
