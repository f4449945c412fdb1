package io.seedfleet.cluster.placement;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Where shards go: the pure decision behind the fleet's shard allocation strategy. Regions (one per
 * node) are opaque; {@code nodeKey} gives each a stable name (its cluster host:port).
 *
 * <p>Rules, in priority order: (1) a shard never joins a region holding another replica index of its
 * bucket, unless every region does (more replicas than nodes), and then the region with the fewest
 * such conflicts; (2) the region whose node ranks highest for the shard's bucket by rendezvous
 * hashing. Rendezvous ranking makes a bucket's home a function of the member set alone, so after a
 * full restart every torrent comes back to the nodes that hold its data, and a joining node takes
 * exactly the buckets it now ranks first for (about 1/N of them). See NOTES.md.
 */
public final class ReplicaPlacement<R> {

  private final Function<R, String> nodeKey;

  public ReplicaPlacement(Function<R, String> nodeKey) {
    this.nodeKey = nodeKey;
  }

  /** The region for {@code shardId}; {@code allocations} must not be empty. */
  public R allocate(String shardId, Map<R, ? extends List<String>> allocations) {
    if (allocations.isEmpty()) {
      throw new IllegalArgumentException("no regions to allocate " + shardId + " to");
    }
    ShardName shard = ShardName.parse(shardId);
    int bucket = bucketOf(shard, shardId);
    return allocations.keySet().stream()
        .min(Comparator.<R>comparingInt(r -> conflicts(shard, shardId, allocations.get(r)))
            .thenComparing(rank(bucket)))
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
   * some other region could take them without conflict, then those outside their bucket's top-ranked
   * regions when a top-ranked region holds nothing of that bucket. Nothing moves while a rebalance
   * is running.
   */
  public Set<String> rebalance(Map<R, ? extends List<String>> allocations, Set<String> inProgress, int maxMoves) {
    Set<String> moves = new LinkedHashSet<>();
    if (!inProgress.isEmpty() || allocations.size() < 2) {
      return moves;
    }
    Map<R, List<String>> sim = new HashMap<>();
    allocations.forEach((r, shards) -> sim.put(r, new ArrayList<>(shards)));
    List<R> regions = new ArrayList<>(sim.keySet());
    regions.sort(Comparator.comparing(nodeKey));
    while (moves.size() < maxMoves && moveOne(sim, regions, moves)) {
      // each round re-plans on the simulated result of the moves before it
    }
    return moves;
  }

  private boolean moveOne(Map<R, List<String>> sim, List<R> regions, Set<String> moves) {
    for (R from : regions) {
      for (String shardId : sorted(sim.get(from))) {
        ShardName shard = ShardName.parse(shardId);
        if (moves.contains(shardId)) {
          continue;
        }
        R to = allocate(shardId, without(sim, from, shardId));
        boolean conflicted = conflicts(shard, shardId, sim.get(from)) > 0;
        boolean targetFree = conflicts(shard, shardId, sim.get(to)) == 0;
        boolean misplaced = shard.bucket() >= 0 && !topRanked(shard.bucket(), sim, regions).contains(from)
            && holdsNothingOf(shard.bucket(), sim.get(to));
        if (to != from && targetFree && (conflicted || misplaced)) {
          move(sim, from, to, shardId, moves);
          return true;
        }
      }
    }
    return false;
  }

  /** The regions a bucket should occupy: as many top-ranked ones as the bucket has shards. */
  private Set<R> topRanked(int bucket, Map<R, List<String>> sim, List<R> regions) {
    int shardsOfBucket = 0;
    for (List<String> shards : sim.values()) {
      for (String s : shards) {
        if (ShardName.parse(s).bucket() == bucket) {
          shardsOfBucket++;
        }
      }
    }
    List<R> ranked = new ArrayList<>(regions);
    ranked.sort(rank(bucket));
    return new HashSet<>(ranked.subList(0, Math.min(shardsOfBucket, ranked.size())));
  }

  private static boolean holdsNothingOf(int bucket, List<String> shards) {
    return shards.stream().noneMatch(s -> ShardName.parse(s).bucket() == bucket);
  }

  /** Highest rendezvous weight first; the node key breaks (astronomically unlikely) ties. */
  private Comparator<R> rank(int bucket) {
    return Comparator.<R>comparingLong(r -> weight(bucket, nodeKey.apply(r))).reversed()
        .thenComparing(nodeKey);
  }

  /** Rendezvous (highest random weight) hashing of a bucket onto a node; stable across JVMs. */
  public static long weight(int bucket, String node) {
    long z = ((long) node.hashCode() << 32) ^ (bucket & 0xffffffffL);
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L; // splitmix64 finaliser
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  private static int bucketOf(ShardName shard, String shardId) {
    return shard.bucket() >= 0 ? shard.bucket() : shardId.hashCode();
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
