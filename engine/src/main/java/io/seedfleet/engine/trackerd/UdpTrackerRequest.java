package io.seedfleet.engine.trackerd;

import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.wire.PeerId;
import java.util.List;

/**
 * A UDP tracker request as parsed by {@link UdpTrackerPackets}; a packet that is not a valid
 * request is a {@link Malformed} value, so the server can answer it with an error (when it knows
 * the transaction id) without exceptions.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0015.html">BEP 15</a>
 */
public sealed interface UdpTrackerRequest {
  int transactionId();

  record Connect(int transactionId) implements UdpTrackerRequest {}

  /**
   * @param ipv4 the optional IPv4 address field, 0 for "use the source address"
   * @param numwant -1 for the tracker's default
   */
  record Announce(long connectionId, int transactionId, InfoHash infoHash, PeerId peerId, long downloaded, long left,
      long uploaded, AnnounceEvent event, int ipv4, int key, int numwant, int port) implements UdpTrackerRequest {}

  record Scrape(long connectionId, int transactionId, List<InfoHash> infoHashes) implements UdpTrackerRequest {
    public Scrape {
      infoHashes = List.copyOf(infoHashes);
    }
  }

  /** Not a request we serve; {@code transactionId} is valid only when {@code replyable}. */
  record Malformed(boolean replyable, int transactionId, String reason) implements UdpTrackerRequest {}
}
