package io.seedfleet.engine.trackerd;

import io.seedfleet.engine.metainfo.InfoHash;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * UDP tracker packets in, reply packets out: the whole UDP tracker minus the socket. Announce and
 * scrape need a connection id issued to the same address, which proves the source address is not
 * spoofed before the tracker stores it or sends more than a few bytes to it.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0015.html">BEP 15</a>
 */
public final class UdpTrackerHandler {
  private final SwarmRegistry registry;
  private final TrackerPolicy policy;
  private final ConnectionIds connectionIds;

  public UdpTrackerHandler(SwarmRegistry registry, TrackerPolicy policy, ConnectionIds connectionIds) {
    this.registry = registry;
    this.policy = policy;
    this.connectionIds = connectionIds;
  }

  /** The reply to send to {@code from}, or null to send nothing. */
  public byte[] handle(byte[] packet, int length, InetSocketAddress from) {
    UdpTrackerRequest request = UdpTrackerPackets.parse(packet, length);
    return switch (request) {
      case UdpTrackerRequest.Connect c -> UdpTrackerPackets.connectReply(c.transactionId(), connectionIds.issue(from));
      case UdpTrackerRequest.Announce a -> connectionIds.isValid(a.connectionId(), from)
          ? announce(a, from)
          : UdpTrackerPackets.errorReply(a.transactionId(), "invalid connection id");
      case UdpTrackerRequest.Scrape s -> connectionIds.isValid(s.connectionId(), from)
          ? scrape(s)
          : UdpTrackerPackets.errorReply(s.transactionId(), "invalid connection id");
      case UdpTrackerRequest.Malformed m -> m.replyable() ? UdpTrackerPackets.errorReply(m.transactionId(), m.reason()) : null;
    };
  }

  private byte[] announce(UdpTrackerRequest.Announce a, InetSocketAddress from) {
    if (!policy.allows(a.infoHash())) {
      return UdpTrackerPackets.errorReply(a.transactionId(), "unknown info_hash");
    }
    if (a.port() == 0) {
      return UdpTrackerPackets.errorReply(a.transactionId(), "invalid port");
    }
    if (a.downloaded() < 0 || a.left() < 0 || a.uploaded() < 0) {
      return UdpTrackerPackets.errorReply(a.transactionId(), "negative counters");
    }
    InetAddress address = from.getAddress();
    if (registry.config().acceptIpParameter() && a.ipv4() != 0 && !(address instanceof Inet6Address)) {
      address = ipv4(a.ipv4());
    }
    int numwant = a.numwant() < 0 ? -1 : Math.min(a.numwant(), registry.config().maxNumwant());
    AnnounceRequest request = new AnnounceRequest(a.infoHash(), a.peerId(), new InetSocketAddress(address, a.port()),
        a.uploaded(), a.downloaded(), a.left(), a.event(), numwant);
    try {
      AnnounceReply reply = registry.announce(request);
      return UdpTrackerPackets.announceReply(a.transactionId(), reply, from.getAddress() instanceof Inet6Address);
    } catch (TrackerRequestException e) {
      return UdpTrackerPackets.errorReply(a.transactionId(), e.getMessage());
    }
  }

  private byte[] scrape(UdpTrackerRequest.Scrape s) {
    List<InfoHash> allowed = new ArrayList<>(s.infoHashes().size());
    for (InfoHash hash : s.infoHashes()) {
      if (policy.allows(hash)) {
        allowed.add(hash);
      }
    }
    Map<InfoHash, ScrapeCounts> counts = registry.scrape(allowed);
    return UdpTrackerPackets.scrapeReply(s.transactionId(), s.infoHashes(), counts);
  }

  private static InetAddress ipv4(int ip) {
    try {
      return InetAddress.getByAddress(new byte[] {(byte) (ip >>> 24), (byte) (ip >>> 16), (byte) (ip >>> 8), (byte) ip});
    } catch (UnknownHostException e) {
      throw new AssertionError("4 bytes are always an address", e);
    }
  }
}
