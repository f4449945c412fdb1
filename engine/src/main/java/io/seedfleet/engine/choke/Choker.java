package io.seedfleet.engine.choke;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Who gets an upload slot. A leecher rewards the peers that upload most to it (tit-for-tat); a
 * seeder has nothing to be paid back with, so it serves the fastest takers for a while and then
 * rotates the slots so every interested peer is served over time. One optimistic slot rotates every
 * {@link ChokerConfig#optimisticInterval()} to a random choked peer, newcomers three times as likely,
 * so new peers get a first chance to prove themselves. Pure: the caller supplies snapshots and time.
 */
public final class Choker {
  private static final int NEWCOMER_WEIGHT = 3;

  private final ChokerConfig config;
  private final RandomGenerator random;
  /** When each peer last held a slot in seed mode; never-served peers go first. */
  private final Map<Integer, Long> lastServed = new HashMap<>();
  private final Set<Integer> seen = new HashSet<>();
  private int optimistic = -1;
  private long optimisticSince;

  public Choker(ChokerConfig config, RandomGenerator random) {
    this.config = config;
    this.random = random;
  }

  public ChokeDecision decide(List<PeerSnapshot> peers, boolean weAreSeeding, long nowNanos) {
    List<PeerSnapshot> candidates = new ArrayList<>();
    for (PeerSnapshot p : peers) {
      if (p.interested() && !(weAreSeeding && p.isSeed())) {
        candidates.add(p);
      }
    }
    int slots = config.uploadSlots();
    int regularSlots = slots > 1 ? slots - 1 : 1;
    List<PeerSnapshot> ranked = weAreSeeding ? rankForSeeding(candidates, nowNanos) : rankForLeeching(candidates);
    Set<Integer> unchoked = new LinkedHashSet<>();
    for (PeerSnapshot p : ranked) {
      if (unchoked.size() >= regularSlots) {
        break;
      }
      unchoked.add(p.peer());
    }
    int chosenOptimistic = slots > 1 ? chooseOptimistic(candidates, unchoked, nowNanos) : -1;
    if (chosenOptimistic >= 0) {
      unchoked.add(chosenOptimistic);
    }
    for (int peer : unchoked) {
      lastServed.put(peer, nowNanos);
    }
    Set<Integer> present = new HashSet<>();
    peers.forEach(p -> present.add(p.peer()));
    seen.retainAll(present);
    seen.addAll(present);
    lastServed.keySet().retainAll(present);
    return new ChokeDecision(Set.copyOf(unchoked), chosenOptimistic);
  }

  private static List<PeerSnapshot> rankForLeeching(List<PeerSnapshot> candidates) {
    List<PeerSnapshot> ranked = new ArrayList<>();
    for (PeerSnapshot p : candidates) {
      if (!p.snubbed()) {
        ranked.add(p);
      }
    }
    ranked.sort(Comparator.comparingLong(PeerSnapshot::downloadRate).reversed()
        .thenComparing(Comparator.comparingLong(PeerSnapshot::uploadRate).reversed()));
    return ranked;
  }

  private List<PeerSnapshot> rankForSeeding(List<PeerSnapshot> candidates, long nowNanos) {
    long rotation = config.seedRotation().toNanos();
    List<PeerSnapshot> holding = new ArrayList<>();
    List<PeerSnapshot> waiting = new ArrayList<>();
    for (PeerSnapshot p : candidates) {
      if (p.unchoked() && p.peer() != optimistic && nowNanos - p.unchokedAtNanos() < rotation) {
        holding.add(p);
      } else {
        waiting.add(p);
      }
    }
    holding.sort(Comparator.comparingLong(PeerSnapshot::uploadRate).reversed());
    waiting.sort(Comparator.comparingLong(p -> lastServed.getOrDefault(p.peer(), Long.MIN_VALUE)));
    List<PeerSnapshot> ranked = new ArrayList<>(holding);
    ranked.addAll(waiting);
    return ranked;
  }

  private int chooseOptimistic(List<PeerSnapshot> candidates, Set<Integer> regular, long nowNanos) {
    boolean stillValid = optimistic >= 0 && nowNanos - optimisticSince < config.optimisticInterval().toNanos()
        && !regular.contains(optimistic) && candidates.stream().anyMatch(p -> p.peer() == optimistic);
    if (stillValid) {
      return optimistic;
    }
    List<Integer> lottery = new ArrayList<>();
    for (PeerSnapshot p : candidates) {
      if (!regular.contains(p.peer()) && p.peer() != optimistic) {
        int tickets = seen.contains(p.peer()) ? 1 : NEWCOMER_WEIGHT;
        for (int i = 0; i < tickets; i++) {
          lottery.add(p.peer());
        }
      }
    }
    if (lottery.isEmpty()) {
      // Nobody else waits: keep the current one if it still qualifies.
      boolean keep = optimistic >= 0 && !regular.contains(optimistic)
          && candidates.stream().anyMatch(p -> p.peer() == optimistic);
      optimistic = keep ? optimistic : -1;
      optimisticSince = nowNanos;
      return optimistic;
    }
    optimistic = lottery.get(random.nextInt(lottery.size()));
    optimisticSince = nowNanos;
    return optimistic;
  }
}
