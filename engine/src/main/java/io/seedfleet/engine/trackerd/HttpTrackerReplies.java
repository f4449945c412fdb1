package io.seedfleet.engine.trackerd;

import io.seedfleet.engine.bencode.BDict;
import io.seedfleet.engine.bencode.BList;
import io.seedfleet.engine.bencode.BValue;
import io.seedfleet.engine.bencode.Bencode;
import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.bencode.BBytes;
import io.seedfleet.engine.wire.CompactAddresses;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Bencoded HTTP tracker replies. Compact replies carry IPv4 peers in {@code peers} (BEP 23) and
 * IPv6 peers in {@code peers6} (BEP 7); with {@code compact=0} {@code peers} is a list of
 * dictionaries with {@code ip}, {@code port} and, unless {@code no_peer_id=1}, {@code peer id}.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0023.html">BEP 23</a>
 * @see <a href="https://www.bittorrent.org/beps/bep_0007.html">BEP 7</a>
 * @see <a href="https://www.bittorrent.org/beps/bep_0048.html">BEP 48</a>
 */
public final class HttpTrackerReplies {
  private HttpTrackerReplies() {}

  public static byte[] announce(AnnounceReply reply, boolean compact, boolean noPeerId) {
    BDict.Builder dict = BDict.builder()
        .put("interval", reply.intervalSeconds())
        .put("min interval", reply.minIntervalSeconds())
        .put("complete", reply.complete())
        .put("incomplete", reply.incomplete());
    if (compact) {
      List<InetSocketAddress> addresses = reply.peers().stream().map(TrackedPeer::address).toList();
      dict.put("peers", CompactAddresses.encodeAll(addresses, false));
      byte[] v6 = CompactAddresses.encodeAll(addresses, true);
      if (v6.length > 0) {
        dict.put("peers6", v6);
      }
    } else {
      List<BValue> peers = new ArrayList<>(reply.peers().size());
      for (TrackedPeer peer : reply.peers()) {
        BDict.Builder entry = BDict.builder()
            .put("ip", peer.address().getAddress().getHostAddress())
            .put("port", peer.address().getPort());
        if (!noPeerId) {
          entry.put("peer id", peer.peerId().bytes());
        }
        peers.add(entry.build());
      }
      dict.put("peers", new BList(peers));
    }
    return Bencode.encode(dict.build());
  }

  public static byte[] scrape(Map<InfoHash, ScrapeCounts> counts) {
    BDict.Builder files = BDict.builder();
    for (Map.Entry<InfoHash, ScrapeCounts> entry : counts.entrySet()) {
      ScrapeCounts c = entry.getValue();
      files.put(BBytes.of(entry.getKey().bytes()), BDict.builder()
          .put("complete", c.complete())
          .put("downloaded", c.downloaded())
          .put("incomplete", c.incomplete())
          .build());
    }
    return Bencode.encode(BDict.builder().put("files", files.build()).build());
  }

  public static byte[] failure(String reason) {
    return Bencode.encode(BDict.builder().put("failure reason", reason).build());
  }
}
