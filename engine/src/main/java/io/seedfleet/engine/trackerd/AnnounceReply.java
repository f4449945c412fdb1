package io.seedfleet.engine.trackerd;

import java.util.List;

/**
 * What an announce gets back, before it is encoded for HTTP or UDP.
 *
 * @param complete seeds in the swarm (the requester included)
 * @param incomplete leechers in the swarm (the requester included)
 * @param peers other peers, at most the numwant asked for
 */
public record AnnounceReply(int intervalSeconds, int minIntervalSeconds, int complete, int incomplete,
    List<TrackedPeer> peers) {
  public AnnounceReply {
    peers = List.copyOf(peers);
  }
}
