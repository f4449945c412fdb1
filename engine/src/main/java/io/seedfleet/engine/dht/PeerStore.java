package io.seedfleet.engine.dht;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Peers announced to us with announce_peer, per info-hash. Bounded: at most {@code maxTorrents}
 * info-hashes (new ones are refused when full) and {@code maxPeersPerTorrent} peers each (the
 * oldest announce is dropped); entries expire {@link #EXPIRE_MILLIS} after their last announce.
 */
public final class PeerStore {
  public static final long EXPIRE_MILLIS = 30 * 60_000L;

  private final int maxTorrents;
  private final int maxPeersPerTorrent;
  /** Per info-hash: peer to expiry time, in announce order (oldest first). */
  private final Map<NodeId, LinkedHashMap<InetSocketAddress, Long>> torrents = new HashMap<>();

  public PeerStore(int maxTorrents, int maxPeersPerTorrent) {
    this.maxTorrents = maxTorrents;
    this.maxPeersPerTorrent = maxPeersPerTorrent;
  }

  /** Returns false when the store is full of other info-hashes. */
  public boolean announce(NodeId infoHash, InetSocketAddress peer, long now) {
    LinkedHashMap<InetSocketAddress, Long> peers = torrents.get(infoHash);
    if (peers == null) {
      if (torrents.size() >= maxTorrents) {
        expire(now);
        if (torrents.size() >= maxTorrents) {
          return false;
        }
      }
      peers = new LinkedHashMap<>();
      torrents.put(infoHash, peers);
    }
    peers.remove(peer);
    if (peers.size() >= maxPeersPerTorrent) {
      Iterator<InetSocketAddress> oldest = peers.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
    peers.put(peer, now + EXPIRE_MILLIS);
    return true;
  }

  /** Up to {@code count} live peers for {@code infoHash}, a random choice when there are more. */
  public List<InetSocketAddress> peers(NodeId infoHash, int count, long now, RandomGenerator random) {
    LinkedHashMap<InetSocketAddress, Long> peers = torrents.get(infoHash);
    if (peers == null) {
      return List.of();
    }
    List<InetSocketAddress> live = new ArrayList<>();
    peers.forEach((peer, expiry) -> {
      if (expiry > now) {
        live.add(peer);
      }
    });
    if (live.size() > count) {
      Collections.shuffle(live, random);
      return List.copyOf(live.subList(0, count));
    }
    return live;
  }

  /** Forgets expired peers and empty info-hashes. */
  public void expire(long now) {
    torrents.values().forEach(peers -> peers.values().removeIf(expiry -> expiry <= now));
    torrents.values().removeIf(Map::isEmpty);
  }

  public int torrentCount() {
    return torrents.size();
  }
}
