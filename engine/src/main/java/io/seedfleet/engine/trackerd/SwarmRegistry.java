package io.seedfleet.engine.trackerd;

import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.wire.PeerId;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * The tracker's memory: for each info-hash, the peers that announced it recently. Peers are keyed
 * by the address other peers dial (source IP and announced port), not by peer id, so a stranger who
 * learns a peer id cannot remove that peer with a forged {@code stopped}.
 *
 * <p>Memory is bounded twice: at most {@link TrackerConfig#maxSwarms()} info-hashes and at most
 * {@link TrackerConfig#maxPeersPerSwarm()} peers in each. When a bound is hit, stale peers are
 * dropped first; a newcomer that still does not fit gets peers but is not stored. Peers silent for
 * longer than {@link TrackerConfig#peerExpiry()} are dropped. A download is counted when a known
 * leecher first reports {@code left=0} (in any announce, {@code stopped} included) or when an
 * unknown peer announces {@code completed}.
 *
 * <p>Thread-safe: the UDP and HTTP servers call it from their own threads. One lock is enough, as
 * every operation is short and touches one swarm.
 */
public final class SwarmRegistry {
  private final TrackerConfig config;
  private final LongSupplier nowMillis;
  private final RandomGenerator random;
  private final Map<InfoHash, Swarm> swarms = new HashMap<>();

  public SwarmRegistry(TrackerConfig config, LongSupplier nowMillis, RandomGenerator random) {
    this.config = Objects.requireNonNull(config);
    this.nowMillis = Objects.requireNonNull(nowMillis);
    this.random = Objects.requireNonNull(random);
  }

  /** A registry on the wall clock. */
  public static SwarmRegistry create(TrackerConfig config) {
    return new SwarmRegistry(config, System::currentTimeMillis, RandomGenerator.getDefault());
  }

  public TrackerConfig config() {
    return config;
  }

  /**
   * Records the announce and returns the swarm's counts and other peers. The caller has checked
   * the policy. A {@code stopped} peer is removed and gets no peers back.
   *
   * @throws TrackerRequestException when the tracker already tracks as many swarms as it may
   */
  public synchronized AnnounceReply announce(AnnounceRequest request) throws TrackerRequestException {
    long now = nowMillis.getAsLong();
    Swarm swarm = swarms.get(request.infoHash());
    if (swarm == null) {
      if (request.event() == AnnounceEvent.STOPPED) {
        return reply(ScrapeCounts.EMPTY, List.of());
      }
      if (swarms.size() >= config.maxSwarms()) {
        expireAll(now);
      }
      if (swarms.size() >= config.maxSwarms()) {
        throw new TrackerRequestException("tracker is full, try again later");
      }
      swarm = new Swarm();
      swarms.put(request.infoHash(), swarm);
    }
    swarm.expire(now - config.peerExpiry().toMillis());
    Endpoint key = new Endpoint(request.peer());
    if (request.event() == AnnounceEvent.STOPPED) {
      PeerRecord leaving = swarm.peers.remove(key);
      if (leaving != null && !leaving.seed && request.isSeed()) {
        swarm.downloaded++; // finished and left at once (aria2 with --seed-time=0 sends no "completed")
      }
      if (swarm.peers.isEmpty() && swarm.downloaded == 0) {
        swarms.remove(request.infoHash());
      }
      return reply(swarm.counts(), List.of());
    }
    PeerRecord known = swarm.peers.get(key);
    if (known != null) {
      // A leecher that now has everything finished a download, whether or not it said "completed".
      boolean finishedNow = !known.seed && request.isSeed();
      known.update(request, now);
      if (finishedNow) {
        swarm.downloaded++;
      }
    } else if (swarm.peers.size() < config.maxPeersPerSwarm()) {
      swarm.peers.put(key, new PeerRecord(request, now));
      if (request.event() == AnnounceEvent.COMPLETED) {
        swarm.downloaded++;
      }
    }
    int wanted = request.numwant() < 0 ? config.defaultNumwant() : Math.min(request.numwant(), config.maxNumwant());
    boolean leechersOnly = config.noSeedsToSeeds() && request.isSeed();
    return reply(swarm.counts(), swarm.pick(key, wanted, leechersOnly, random));
  }

  /** The counts of each info-hash the registry tracks; unknown ones are left out. */
  public synchronized Map<InfoHash, ScrapeCounts> scrape(List<InfoHash> infoHashes) {
    long cutoff = nowMillis.getAsLong() - config.peerExpiry().toMillis();
    Map<InfoHash, ScrapeCounts> counts = new LinkedHashMap<>();
    for (InfoHash infoHash : infoHashes) {
      Swarm swarm = swarms.get(infoHash);
      if (swarm != null) {
        swarm.expire(cutoff);
        counts.put(infoHash, swarm.counts());
      }
    }
    return counts;
  }

  /** Drops every expired peer and every empty swarm; the servers call it now and then. */
  public synchronized void expireAll() {
    expireAll(nowMillis.getAsLong());
  }

  private void expireAll(long now) {
    long cutoff = now - config.peerExpiry().toMillis();
    swarms.values().removeIf(swarm -> {
      swarm.expire(cutoff);
      return swarm.peers.isEmpty();
    });
  }

  /** The live peers of one swarm, for status pages and tests. */
  public synchronized List<TrackedPeer> peers(InfoHash infoHash) {
    Swarm swarm = swarms.get(infoHash);
    if (swarm == null) {
      return List.of();
    }
    swarm.expire(nowMillis.getAsLong() - config.peerExpiry().toMillis());
    return swarm.peers.values().stream().map(PeerRecord::view).toList();
  }

  public synchronized Optional<ScrapeCounts> counts(InfoHash infoHash) {
    return Optional.ofNullable(swarms.get(infoHash)).map(Swarm::counts);
  }

  public synchronized int swarmCount() {
    return swarms.size();
  }

  private AnnounceReply reply(ScrapeCounts counts, List<TrackedPeer> peers) {
    return new AnnounceReply((int) config.interval().toSeconds(), (int) config.minInterval().toSeconds(),
        counts.complete(), counts.incomplete(), peers);
  }

  /** The address a peer is known by; {@link InetSocketAddress} equality would also compare host names. */
  private record Endpoint(java.net.InetAddress address, int port) {
    Endpoint(InetSocketAddress peer) {
      this(peer.getAddress(), peer.getPort());
    }
  }

  /** Invariant: {@code seeds} equals the number of records with {@code seed} set. */
  private static final class Swarm {
    final LinkedHashMap<Endpoint, PeerRecord> peers = new LinkedHashMap<>();
    long downloaded;

    void expire(long cutoffMillis) {
      peers.values().removeIf(peer -> peer.lastSeenMillis < cutoffMillis);
    }

    ScrapeCounts counts() {
      int seeds = 0;
      for (PeerRecord peer : peers.values()) {
        if (peer.seed) {
          seeds++;
        }
      }
      return new ScrapeCounts(seeds, peers.size() - seeds, downloaded);
    }

    /** A uniform random sample of at most {@code wanted} peers other than {@code requester}. */
    List<TrackedPeer> pick(Endpoint requester, int wanted, boolean leechersOnly, RandomGenerator random) {
      List<PeerRecord> candidates = new ArrayList<>(peers.size());
      for (Iterator<Map.Entry<Endpoint, PeerRecord>> it = peers.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<Endpoint, PeerRecord> entry = it.next();
        if (!entry.getKey().equals(requester) && !(leechersOnly && entry.getValue().seed)) {
          candidates.add(entry.getValue());
        }
      }
      int count = Math.min(wanted, candidates.size());
      List<TrackedPeer> picked = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        int j = i + random.nextInt(candidates.size() - i);
        PeerRecord chosen = candidates.get(j);
        candidates.set(j, candidates.get(i));
        picked.add(chosen.view());
      }
      return picked;
    }
  }

  private static final class PeerRecord {
    PeerId peerId;
    final InetSocketAddress address;
    boolean seed;
    long lastSeenMillis;

    PeerRecord(AnnounceRequest request, long now) {
      this.address = request.peer();
      update(request, now);
    }

    void update(AnnounceRequest request, long now) {
      peerId = request.peerId();
      seed = request.isSeed();
      lastSeenMillis = now;
    }

    TrackedPeer view() {
      return new TrackedPeer(peerId, address, seed);
    }
  }
}
