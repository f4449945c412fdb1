package io.seedfleet.engine.tracker;

import io.seedfleet.engine.bencode.BBytes;
import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.wire.CompactAddresses;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * UDP tracker packets (BEP 15). All integers are big-endian.
 *
 * <pre>
 * connect request   (16)  | protocol id 0x41727101980 : 8 | action 0 : 4 | transaction : 4 |
 * connect reply     (16)  | action 0 : 4 | transaction : 4 | connection id : 8 |
 * announce request  (98)  | connection id : 8 | action 1 : 4 | transaction : 4 | info_hash : 20 |
 *                         | peer_id : 20 | downloaded : 8 | left : 8 | uploaded : 8 | event : 4 |
 *                         | ip 0 : 4 | key : 4 | num_want : 4 | port : 2 |
 * announce reply   (20+)  | action 1 : 4 | transaction : 4 | interval : 4 | leechers : 4 |
 *                         | seeders : 4 | peers : 6 each (18 each when the tracker is IPv6) ... |
 * scrape request   (16+)  | connection id : 8 | action 2 : 4 | transaction : 4 | info_hash : 20 ... |
 * scrape reply      (8+)  | action 2 : 4 | transaction : 4 | (seeders, completed, leechers : 4 each) ... |
 * error             (8+)  | action 3 : 4 | transaction : 4 | message ... |
 * </pre>
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0015.html">BEP 15</a>
 */
public final class UdpTrackerCodec {
  public static final long PROTOCOL_ID = 0x41727101980L;
  public static final int ACTION_CONNECT = 0;
  public static final int ACTION_ANNOUNCE = 1;
  public static final int ACTION_SCRAPE = 2;
  public static final int ACTION_ERROR = 3;
  /** BEP 15 allows about 74 info-hashes per scrape; more would not fit a safe datagram. */
  public static final int MAX_SCRAPE_HASHES = 74;
  private static final int MAX_ERROR_MESSAGE = 1024;

  private UdpTrackerCodec() {}

  public static byte[] connect(int transactionId) {
    return ByteBuffer.allocate(16).putLong(PROTOCOL_ID).putInt(ACTION_CONNECT).putInt(transactionId).array();
  }

  public static byte[] announce(long connectionId, int transactionId, AnnounceRequest request) {
    return ByteBuffer.allocate(98)
        .putLong(connectionId).putInt(ACTION_ANNOUNCE).putInt(transactionId)
        .put(request.infoHash().bytes()).put(request.peerId().bytes())
        .putLong(request.downloaded()).putLong(request.left()).putLong(request.uploaded())
        .putInt(request.event().udpCode()).putInt(0).putInt(request.key()).putInt(request.numWant())
        .putShort((short) request.port())
        .array();
  }

  public static byte[] scrape(long connectionId, int transactionId, List<InfoHash> infoHashes) {
    if (infoHashes.isEmpty() || infoHashes.size() > MAX_SCRAPE_HASHES) {
      throw new IllegalArgumentException("a scrape asks about 1.." + MAX_SCRAPE_HASHES + " torrents");
    }
    ByteBuffer out = ByteBuffer.allocate(16 + 20 * infoHashes.size())
        .putLong(connectionId).putInt(ACTION_SCRAPE).putInt(transactionId);
    infoHashes.forEach(h -> out.put(h.bytes()));
    return out.array();
  }

  /**
   * Decodes a reply of {@code length} bytes. {@code ipv6Peers} says whether the tracker was
   * reached over IPv6 (its peers are then 18-byte entries); at most {@code maxPeers} are kept. A
   * trailing partial peer entry is ignored.
   */
  public static UdpReply decode(byte[] packet, int length, boolean ipv6Peers, int maxPeers) throws TrackerException {
    if (length < 8 || length > packet.length) {
      throw new TrackerException("UDP tracker packet of " + length + " bytes is too short");
    }
    ByteBuffer in = ByteBuffer.wrap(packet, 0, length);
    int action = in.getInt();
    int transactionId = in.getInt();
    switch (action) {
      case ACTION_CONNECT -> {
        need(length, 16, "connect");
        return new UdpReply.Connected(transactionId, in.getLong());
      }
      case ACTION_ANNOUNCE -> {
        need(length, 20, "announce");
        int interval = in.getInt();
        int leechers = in.getInt();
        int seeders = in.getInt();
        if (interval < 0) {
          throw new TrackerException("UDP tracker sent interval " + interval);
        }
        int entry = ipv6Peers ? CompactAddresses.IPV6_ENTRY : CompactAddresses.IPV4_ENTRY;
        int whole = (length - 20) / entry * entry;
        byte[] peers = Arrays.copyOfRange(packet, 20, 20 + whole);
        return new UdpReply.Announced(transactionId, Duration.ofSeconds(interval), Math.max(-1, leechers),
            Math.max(-1, seeders), CompactAddresses.decode(peers, entry, Math.max(0, maxPeers)));
      }
      case ACTION_SCRAPE -> {
        int count = Math.min((length - 8) / 12, MAX_SCRAPE_HASHES);
        List<ScrapeStats> stats = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          stats.add(new ScrapeStats(nonNegative(in.getInt()), nonNegative(in.getInt()), nonNegative(in.getInt())));
        }
        return new UdpReply.Scraped(transactionId, stats);
      }
      case ACTION_ERROR -> {
        int size = Math.min(length - 8, MAX_ERROR_MESSAGE);
        return new UdpReply.Error(transactionId, HttpAnnounce.printable(BBytes.of(packet, 8, size)));
      }
      default -> throw new TrackerException("UDP tracker packet with unknown action " + action);
    }
  }

  /**
   * Checks that {@code reply} answers transaction {@code transactionId} with {@code expected}; an
   * error packet becomes a {@link TrackerException} with the tracker's message.
   */
  public static <T extends UdpReply> T expect(UdpReply reply, int transactionId, Class<T> expected)
      throws TrackerException {
    if (reply.transactionId() != transactionId) {
      throw new TrackerException("UDP tracker answered transaction " + reply.transactionId() + ", not " + transactionId);
    }
    if (reply instanceof UdpReply.Error error) {
      throw new TrackerException("tracker failure: " + error.message());
    }
    if (!expected.isInstance(reply)) {
      throw new TrackerException("UDP tracker sent " + reply.getClass().getSimpleName() + " where "
          + expected.getSimpleName() + " was due");
    }
    return expected.cast(reply);
  }

  private static void need(int length, int minimum, String what) throws TrackerException {
    if (length < minimum) {
      throw new TrackerException("UDP " + what + " reply of " + length + " bytes, need " + minimum);
    }
  }

  private static int nonNegative(int value) {
    return Math.max(-1, value);
  }
}
