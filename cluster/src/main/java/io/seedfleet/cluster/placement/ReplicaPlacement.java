package io.seedfleet.cluster.placement;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where shards go: the pure decision behind the fleet's shard allocation strategy. Regions (one per
 * node) are opaque keys ordered by {@code order} so that every decision is deterministic.
 *
 * <p>Rules, in priority order: (1) a shard never joins a region holding another replica index of its
 * bucket, unless every region does (more replicas than nodes), and then the region with the fewest
 * such conflicts; (2) the least-loaded region; (3) the first region in {@code order}.
 */
public final class ReplicaPlacement<R> {

  private final Comparator<R> order;

  public ReplicaPlacement(Comparator<R> order) {
    this.order = order;
  }

  /** The region for {@code shardId}; {@code allocations} must not be empty. */
  public R allocate(String shardId, Map<R, ? extends List<String>> allocations) {
    if (allocations.isEmpty()) {
      throw new IllegalArgumentException("no regions to allocate " + shardId + " to");
    }
    ShardName shard = ShardName.parse(shardId);
    return allocations.keySet().stream()
        .min(Comparator.<R>comparingInt(r -> conflicts(shard, shardId, allocations.get(r)))
            .thenComparingInt(r -> allocations.get(r).size())
            .thenComparing(order))
        .orElseThrow();
  }

  /** How many shards in {@code shards} hold other replicas of {@code shard}'s torrents. */
  public int conflicts(ShardName shard, String shardId, List<String> shards) {
    int n = 0;
    for (String other : shards) {
      if (!other.equals(shardId) && shard.conflictsWith(ShardName.parse(other))) {
        n++;
      }
    }
    return n;
  }

  /**
   * Shards to move now: first those that share a region with another replica of their bucket when
   * some other region could take them without conflict, then shards from the most-loaded region while
   * it holds at least two more than the least-loaded one. Nothing moves while a rebalance is running.
   */
  public Set<String> rebalance(Map<R, ? extends List<String>> allocations, Set<String> inProgress, int maxMoves) {
    Set<String> moves = new LinkedHashSet<>();
    if (!inProgress.isEmpty() || allocations.size() < 2) {
      return moves;
    }
    Map<R, List<String>> sim = new HashMap<>();
    allocations.forEach((r, shards) -> sim.put(r, new ArrayList<>(shards)));
    List<R> regions = new ArrayList<>(sim.keySet());
    regions.sort(order);
    while (moves.size() < maxMoves) {
      if (!moveOne(sim, regions, moves)) {
        break;
      }
    }
    return moves;
  }

  private boolean moveOne(Map<R, List<String>> sim, List<R> regions, Set<String> moves) {
    for (R from : regions) {
      for (String shardId : sorted(sim.get(from))) {
        ShardName shard = ShardName.parse(shardId);
        if (moves.contains(shardId) || conflicts(shard, shardId, sim.get(from)) == 0) {
          continue;
        }
        R to = allocate(shardId, without(sim, from, shardId));
        if (conflicts(shard, shardId, sim.get(to)) == 0) {
          move(sim, from, to, shardId, moves);
          return true;
        }
      }
    }
    R most = regions.stream().max(Comparator.<R>comparingInt(r -> sim.get(r).size()).thenComparing(order.reversed()))
        .orElseThrow();
    R least = regions.stream().min(Comparator.<R>comparingInt(r -> sim.get(r).size()).thenComparing(order))
        .orElseThrow();
    if (sim.get(most).size() - sim.get(least).size() < 2) {
      return false;
    }
    for (String shardId : sorted(sim.get(most))) {
      if (!moves.contains(shardId) && conflicts(ShardName.parse(shardId), shardId, sim.get(least)) == 0) {
        move(sim, most, least, shardId, moves);
        return true;
      }
    }
    return false;
  }

  private static List<String> sorted(List<String> shards) {
    List<String> copy = new ArrayList<>(shards);
    copy.sort(Comparator.naturalOrder());
    return copy;
  }

  private Map<R, List<String>> without(Map<R, List<String>> sim, R from, String shardId) {
    Map<R, List<String>> view = new HashMap<>(sim);
    List<String> rest = new ArrayList<>(sim.get(from));
    rest.remove(shardId);
    view.put(from, rest);
    return view;
  }

  private void move(Map<R, List<String>> sim, R from, R to, String shardId, Set<String> moves) {
    sim.get(from).remove(shardId);
    sim.get(to).add(shardId);
    moves.add(shardId);
  }
}
