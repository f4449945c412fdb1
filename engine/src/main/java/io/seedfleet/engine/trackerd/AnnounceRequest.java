package io.seedfleet.engine.trackerd;

import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.wire.PeerId;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One announce, already validated, from HTTP or UDP.
 *
 * @param peer the address other peers should dial: the request's source address with the port the
 *     client announced
 * @param numwant how many peers the client asked for, or -1 when it did not say
 */
public record AnnounceRequest(
    InfoHash infoHash,
    PeerId peerId,
    InetSocketAddress peer,
    long uploaded,
    long downloaded,
    long left,
    AnnounceEvent event,
    int numwant) {

  public AnnounceRequest {
    Objects.requireNonNull(infoHash);
    Objects.requireNonNull(peerId);
    Objects.requireNonNull(event);
    if (peer.getAddress() == null || peer.getPort() < 1 || peer.getPort() > 0xFFFF) {
      throw new IllegalArgumentException("a peer needs a resolved address and a port in 1..65535");
    }
    if (uploaded < 0 || downloaded < 0 || left < 0 || numwant < -1) {
      throw new IllegalArgumentException("negative counters");
    }
  }

  public boolean isSeed() {
    return left == 0;
  }
}
