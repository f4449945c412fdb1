package io.seedfleet.engine.choke;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Decides, once per round, which peers we upload to (BEP 3 choking; LT {@code unchoke_sort}).
 *
 * <p>Leeching: the {@code uploadSlots - 1} interested, non-snubbed peers that send us the most
 * (tit-for-tat), plus one optimistic unchoke. Seeding: the interested non-seeds, ranked by how
 * fast we upload to them, but a peer that has held a slot for {@code seedRotation} yields it to
 * the peer that has waited longest (round-robin), plus one optimistic unchoke. The optimistic
 * unchoke is a random choked interested peer, kept for {@code optimisticInterval}; peers first
 * seen less than one interval ago weigh 3x, since they have nothing to trade yet.
 *
 * <p>Everything but the optimistic-unchoke state and the round-robin memory is a function of the
 * snapshots, so tests drive it with a simulated clock. Not thread-safe: the torrent actor owns it.
 */
public final class Choker {
  private static final int NEW_PEER_WEIGHT = 3;

  private final ChokerConfig config;
  private final RandomGenerator random;

  /** The current optimistic unchoke, or -1 with hasOptimistic false. */
  private boolean hasOptimistic;

  private int optimistic;
  private long optimisticSinceNanos;

  /** When each present peer was first seen; drives the new-peer weight. */
  private final Map<Integer, Long> firstSeenNanos = new HashMap<>();

  /** When each present peer last lost its slot; absent = never unchoked. Drives round-robin. */
  private final Map<Integer, Long> lastChokedNanos = new HashMap<>();

  public Choker(ChokerConfig config, RandomGenerator random) {
    this.config = Objects.requireNonNull(config);
    this.random = Objects.requireNonNull(random);
  }

  /**
   * One choking round. Call every {@link ChokerConfig#round} with fresh snapshots of all
   * connections; unchoke the returned peers and choke all others.
   *
   * @param nowNanos a monotonic clock ({@code System.nanoTime()} or a test clock), the same one
   *     the snapshots' {@code unchokedAtNanos} use
   */
  public ChokeDecision decide(List<PeerSnapshot> peers, boolean weAreSeeding, long nowNanos) {
    Set<Integer> present = new HashSet<>();
    for (PeerSnapshot p : peers) {
      present.add(p.peer());
      firstSeenNanos.putIfAbsent(p.peer(), nowNanos);
    }
    firstSeenNanos.keySet().retainAll(present);
    lastChokedNanos.keySet().retainAll(present);

    List<PeerSnapshot> eligible = new ArrayList<>();
    for (PeerSnapshot p : peers) {
      if (p.interested() && !(weAreSeeding && p.isSeed())) {
        eligible.add(p);
      }
    }
    int regularSlots = Math.max(0, config.uploadSlots() - 1);
    List<PeerSnapshot> ranked =
        weAreSeeding ? rankForSeeding(eligible, nowNanos) : rankForLeeching(eligible);
    Set<Integer> unchoked = new LinkedHashSet<>();
    for (int i = 0; i < ranked.size() && unchoked.size() < regularSlots; i++) {
      unchoked.add(ranked.get(i).peer());
    }

    OptionalInt chosen = OptionalInt.empty();
    if (config.uploadSlots() > 0) {
      chosen = chooseOptimistic(eligible, unchoked, nowNanos);
      chosen.ifPresent(unchoked::add);
    }
    for (PeerSnapshot p : peers) {
      if (p.unchoked() && !unchoked.contains(p.peer())) {
        lastChokedNanos.put(p.peer(), nowNanos);
      }
    }
    return new ChokeDecision(unchoked, chosen);
  }

  /** Tit-for-tat: fastest senders first; ties keep current unchokes (less churn), then by id. */
  private static List<PeerSnapshot> rankForLeeching(List<PeerSnapshot> eligible) {
    List<PeerSnapshot> ranked = new ArrayList<>();
    for (PeerSnapshot p : eligible) {
      if (!p.snubbed()) {
        ranked.add(p);
      }
    }
    ranked.sort(Comparator.comparingLong(PeerSnapshot::downloadRate).reversed()
        .thenComparing(PeerSnapshot::unchoked, Comparator.reverseOrder())
        .thenComparingInt(PeerSnapshot::peer));
    return ranked;
  }

  /**
   * Seeding: peers within their rotation period keep their slot (fastest upload first), then the
   * waiting peers (longest wait first: never-unchoked ones before all), then the peers whose
   * period expired, who only keep their slot if nobody is waiting.
   */
  private List<PeerSnapshot> rankForSeeding(List<PeerSnapshot> eligible, long nowNanos) {
    long rotation = config.seedRotation().toNanos();
    List<PeerSnapshot> keepers = new ArrayList<>();
    List<PeerSnapshot> waiting = new ArrayList<>();
    List<PeerSnapshot> expired = new ArrayList<>();
    for (PeerSnapshot p : eligible) {
      // The optimistic peer holds no regular slot: it queues like anyone else, and last, since
      // it is being served right now (waitingSince below).
      if (!p.unchoked() || (hasOptimistic && p.peer() == optimistic)) {
        waiting.add(p);
      } else if (nowNanos - p.unchokedAtNanos() < rotation) {
        keepers.add(p);
      } else {
        expired.add(p);
      }
    }
    Comparator<PeerSnapshot> fastest = Comparator.comparingLong(PeerSnapshot::uploadRate).reversed()
        .thenComparingInt(PeerSnapshot::peer);
    keepers.sort(fastest);
    expired.sort(fastest);
    waiting.sort(Comparator.<PeerSnapshot>comparingLong(p -> waitingSince(p, nowNanos))
        .thenComparing(fastest));
    List<PeerSnapshot> ranked = new ArrayList<>(keepers);
    ranked.addAll(waiting);
    ranked.addAll(expired);
    return ranked;
  }

  /** When the peer last lost its slot; never-served peers first, the current optimistic last. */
  private long waitingSince(PeerSnapshot p, long nowNanos) {
    if (hasOptimistic && p.peer() == optimistic) {
      return nowNanos;
    }
    return lastChokedNanos.getOrDefault(p.peer(), Long.MIN_VALUE);
  }

  /**
   * Keeps the current optimistic unchoke until its interval ends (or it loses interest, leaves,
   * or earns a regular slot), then draws a new one among the eligible peers without a slot,
   * avoiding the previous one when anyone else is waiting.
   */
  private OptionalInt chooseOptimistic(List<PeerSnapshot> eligible, Set<Integer> regular, long now) {
    List<PeerSnapshot> candidates = new ArrayList<>();
    boolean currentStillValid = false;
    for (PeerSnapshot p : eligible) {
      if (!regular.contains(p.peer())) {
        candidates.add(p);
        currentStillValid |= hasOptimistic && p.peer() == optimistic;
      }
    }
    long interval = config.optimisticInterval().toNanos();
    if (currentStillValid && now - optimisticSinceNanos < interval) {
      return OptionalInt.of(optimistic);
    }
    if (candidates.size() > 1 && currentStillValid) {
      candidates.removeIf(p -> p.peer() == optimistic);
    }
    if (candidates.isEmpty()) {
      hasOptimistic = false;
      return OptionalInt.empty();
    }
    int[] weights = new int[candidates.size()];
    int total = 0;
    for (int i = 0; i < weights.length; i++) {
      long seen = firstSeenNanos.getOrDefault(candidates.get(i).peer(), now);
      weights[i] = now - seen < interval ? NEW_PEER_WEIGHT : 1;
      total += weights[i];
    }
    int r = random.nextInt(total);
    int i = 0;
    while (r >= weights[i]) {
      r -= weights[i++];
    }
    hasOptimistic = true;
    optimistic = candidates.get(i).peer();
    optimisticSinceNanos = now;
    return OptionalInt.of(optimistic);
  }
}
