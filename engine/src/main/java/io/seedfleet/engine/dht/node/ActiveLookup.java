package io.seedfleet.engine.dht.node;

import io.seedfleet.engine.dht.Lookup;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;

/** A lookup the node runs, with what to do with its results. */
final class ActiveLookup {
  enum Purpose { REFRESH, GET_PEERS, ANNOUNCE }

  final Lookup lookup;
  final Purpose purpose;
  final byte[] infoHash;
  final int port;
  final ActorRef<DhtNode.PeersFound> replyTo;
  final long startedAt;
  private final Set<InetSocketAddress> peersSeen = new HashSet<>();

  ActiveLookup(Lookup lookup, Purpose purpose, int port, ActorRef<DhtNode.PeersFound> replyTo, long startedAt) {
    this.lookup = lookup;
    this.purpose = purpose;
    this.infoHash = lookup.target().bytes();
    this.port = port;
    this.replyTo = replyTo;
    this.startedAt = startedAt;
  }

  /** The peers not reported before, within the per-reply and per-lookup caps. */
  List<InetSocketAddress> newPeers(List<InetSocketAddress> values) {
    List<InetSocketAddress> fresh = new ArrayList<>();
    for (InetSocketAddress peer : values) {
      if (fresh.size() >= DhtNode.MAX_PEERS_PER_REPLY || peersSeen.size() >= DhtNode.MAX_PEERS_PER_LOOKUP) {
        break;
      }
      if (peersSeen.add(peer)) {
        fresh.add(peer);
      }
    }
    return fresh;
  }
}
