package io.seedfleet.cluster.placement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ReplicaPlacementTest {

  private static final int BUCKETS = 64;
  private final ReplicaPlacement<String> placement = new ReplicaPlacement<>(Function.identity());

  private static Map<String, List<String>> regions(String... names) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    for (String n : names) {
      m.put(n, new ArrayList<>());
    }
    return m;
  }

  /** The nodes rendezvous hashing ranks first for {@code bucket}. */
  private static List<String> ranking(int bucket, Set<String> nodes) {
    return nodes.stream()
        .sorted(Comparator.comparingLong((String n) -> ReplicaPlacement.weight(bucket, n)).reversed())
        .toList();
  }

  private Map<String, List<String>> allocateAll(List<String> shards, String... nodes) {
    Map<String, List<String>> alloc = regions(nodes);
    for (String shard : shards) {
      alloc.get(placement.allocate(shard, alloc)).add(shard);
    }
    return alloc;
  }

  private static List<String> shards(int replicas) {
    List<String> all = new ArrayList<>();
    for (int bucket = 0; bucket < BUCKETS; bucket++) {
      for (int replica = 0; replica < replicas; replica++) {
        all.add(ShardName.of(replica, bucket));
      }
    }
    return all;
  }

  private static Map<Integer, Set<String>> nodesPerBucket(Map<String, List<String>> alloc) {
    Map<Integer, Set<String>> result = new java.util.HashMap<>();
    alloc.forEach((node, list) -> list.forEach(s ->
        result.computeIfAbsent(ShardName.parse(s).bucket(), b -> new HashSet<>()).add(node)));
    return result;
  }

  private void assertNoConflicts(Map<String, List<String>> alloc) {
    alloc.forEach((region, list) -> list.forEach(s ->
        assertThat(placement.conflicts(ShardName.parse(s), s, list)).as(region + " " + s).isZero()));
  }

  @Test
  void aShardNeverJoinsARegionHoldingAnotherReplicaOfItsBucket() {
    Map<String, List<String>> alloc = regions("a:1", "b:1", "c:1");
    String best = ranking(5, alloc.keySet()).get(0);
    alloc.get(best).add("r0-5");
    String chosen = placement.allocate("r1-5", alloc);
    assertThat(chosen).isNotEqualTo(best).isEqualTo(ranking(5, alloc.keySet()).get(1));
  }

  @Test
  void theTopRankedNodeWinsRegardlessOfLoad() {
    Map<String, List<String>> alloc = regions("a:1", "b:1");
    String best = ranking(7, alloc.keySet()).get(0);
    alloc.get(best).addAll(List.of("r0-1", "r0-2", "r0-3"));
    assertThat(placement.allocate("r0-7", alloc)).isEqualTo(best);
  }

  @Test
  void allocationDoesNotDependOnTheOrderShardsAreAskedFor() {
    List<String> inOrder = shards(2);
    List<String> shuffled = new ArrayList<>(inOrder);
    Collections.shuffle(shuffled, new Random(7));
    Map<String, List<String>> first = allocateAll(inOrder, "h:1", "h:2", "h:3", "h:4");
    Map<String, List<String>> second = allocateAll(shuffled, "h:4", "h:3", "h:2", "h:1");
    assertThat(nodesPerBucket(second)).isEqualTo(nodesPerBucket(first)); // a full restart lands on the same nodes
    assertNoConflicts(first);
    for (var entry : nodesPerBucket(first).entrySet()) {
      assertThat(entry.getValue())
          .containsExactlyInAnyOrderElementsOf(ranking(entry.getKey(), first.keySet()).subList(0, 2));
    }
  }

  @Test
  void moreReplicasThanNodesPlacesOnTheRegionWithFewestConflicts() {
    Map<String, List<String>> alloc = regions("a:1", "b:1");
    alloc.get("a:1").add("r0-4");
    alloc.get("b:1").addAll(List.of("r1-4", "r3-4"));
    String chosen = placement.allocate("r2-4", alloc);
    assertThat(chosen).isEqualTo("a:1");
    assertThat(placement.conflicts(ShardName.parse("r2-4"), "r2-4", alloc.get(chosen))).isEqualTo(1);
  }

  @Test
  void aJoiningNodeTakesTheBucketsItNowRanksFirstForAndNothingElseMoves() {
    Map<String, List<String>> alloc = allocateAll(shards(2), "n:1", "n:2", "n:3");
    Map<Integer, Set<String>> before = nodesPerBucket(alloc);
    alloc.put("n:4", new ArrayList<>());
    Set<String> moves = placement.rebalance(alloc, Set.of(), 1000);
    for (String moved : moves) {
      alloc.values().forEach(l -> l.remove(moved));
      alloc.get(placement.allocate(moved, alloc)).add(moved);
    }
    assertNoConflicts(alloc);
    Map<Integer, Set<String>> after = nodesPerBucket(alloc);
    int expectedMoves = 0;
    for (int bucket = 0; bucket < BUCKETS; bucket++) {
      Set<String> top = new HashSet<>(ranking(bucket, alloc.keySet()).subList(0, 2));
      assertThat(after.get(bucket)).as("bucket " + bucket).isEqualTo(top);
      expectedMoves += top.contains("n:4") ? 1 : 0;
      Set<String> kept = new HashSet<>(before.get(bucket));
      kept.retainAll(after.get(bucket));
      assertThat(kept).as("bucket " + bucket + " keeps a node").isNotEmpty();
    }
    assertThat(moves).hasSize(expectedMoves);
    assertThat(alloc.get("n:4").size()).isBetween(16, 48); // 64 buckets x 2 replicas / 4 nodes = 32 expected
  }

  @Test
  void conflictingShardsAreSpreadWhenANodeJoins() {
    Map<String, List<String>> alloc = regions("a:1", "b:1");
    alloc.get("a:1").addAll(List.of("r0-1", "r1-1"));
    alloc.get("b:1").add("r0-2");
    Set<String> moves = placement.rebalance(alloc, Set.of(), 1);
    assertThat(moves).hasSize(1).containsAnyOf("r0-1", "r1-1");
  }

  @Test
  void nothingMovesWhileARebalanceIsInProgressOrWhenEveryShardIsHome() {
    Map<String, List<String>> alloc = allocateAll(shards(2), "a:1", "b:1", "c:1");
    assertThat(placement.rebalance(alloc, Set.of(), 100)).isEmpty();
    alloc.get("a:1").add("r0-99");
    alloc.put("d:1", new ArrayList<>());
    assertThat(placement.rebalance(alloc, Set.of("r0-3"), 100)).isEmpty();
  }

  @Test
  void foreignShardNamesNeverConflict() {
    assertThat(ShardName.parse("invalid")).isEqualTo(new ShardName(-1, -1));
    assertThat(ShardName.parse("r1-x")).isEqualTo(new ShardName(-1, -1));
    assertThat(new ShardName(-1, -1).conflictsWith(new ShardName(0, -1))).isFalse();
    assertThat(ShardName.parse("r3-17")).isEqualTo(new ShardName(3, 17));
    assertThat(placement.allocate("invalid", regions("a:1", "b:1"))).isIn("a:1", "b:1");
  }
}
