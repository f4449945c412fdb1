package io.seedfleet.cluster.placement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplicaPlacementTest {

  private final ReplicaPlacement<String> placement = new ReplicaPlacement<>(Comparator.<String>naturalOrder());

  private static Map<String, List<String>> regions(String... names) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    for (String n : names) {
      m.put(n, new ArrayList<>());
    }
    return m;
  }

  @Test
  void aShardNeverJoinsARegionHoldingAnotherReplicaOfItsBucket() {
    Map<String, List<String>> alloc = regions("a", "b", "c");
    alloc.get("a").addAll(List.of("r0-5", "r0-6", "r0-7"));
    alloc.get("b").add("r1-1");
    // c is empty and b is light, but b is picked only if c is not better; both are conflict-free.
    assertThat(placement.allocate("r1-5", alloc)).isEqualTo("c");
    alloc.get("c").addAll(List.of("r0-1", "r0-2"));
    assertThat(placement.allocate("r1-5", alloc)).isEqualTo("b");
  }

  @Test
  void leastLoadedWinsWhenThereIsNoConflict() {
    Map<String, List<String>> alloc = regions("a", "b");
    alloc.get("a").addAll(List.of("r0-1", "r0-2"));
    assertThat(placement.allocate("r0-3", alloc)).isEqualTo("b");
  }

  @Test
  void moreReplicasThanNodesPlacesOnTheRegionWithFewestConflicts() {
    Map<String, List<String>> alloc = regions("a", "b");
    alloc.get("a").add("r0-4");
    alloc.get("b").add("r1-4");
    alloc.get("b").add("r0-9");
    String chosen = placement.allocate("r2-4", alloc);
    assertThat(chosen).isEqualTo("a"); // one conflict each; a is less loaded
    assertThat(placement.conflicts(ShardName.parse("r2-4"), "r2-4", alloc.get(chosen))).isEqualTo(1);
  }

  @Test
  void aNewEmptyRegionGetsAShareWithoutBreakingTheConstraint() {
    Map<String, List<String>> alloc = regions("a", "b", "c");
    for (int bucket = 0; bucket < 6; bucket++) {
      alloc.get(bucket % 2 == 0 ? "a" : "b").add("r0-" + bucket);
      alloc.get(bucket % 2 == 0 ? "b" : "a").add("r1-" + bucket);
    }
    Set<String> moves = placement.rebalance(alloc, Set.of(), 10);
    assertThat(moves).hasSize(4); // 6/6/0 -> 4/4/4
    for (String moved : moves) {
      alloc.values().forEach(l -> l.remove(moved));
    }
    for (String moved : moves) {
      alloc.get(placement.allocate(moved, alloc)).add(moved);
    }
    assertThat(alloc.get("c")).hasSize(4);
    alloc.forEach((region, shards) -> shards.forEach(s ->
        assertThat(placement.conflicts(ShardName.parse(s), s, shards)).as(region + " " + s).isZero()));
  }

  @Test
  void conflictingShardsAreSpreadWhenANodeJoins() {
    Map<String, List<String>> alloc = regions("a", "b");
    alloc.get("a").addAll(List.of("r0-1", "r1-1"));
    alloc.get("b").add("r0-2");
    Set<String> moves = placement.rebalance(alloc, Set.of(), 1);
    assertThat(moves).hasSize(1).containsAnyOf("r0-1", "r1-1");
  }

  @Test
  void nothingMovesWhileARebalanceIsInProgressOrWhenBalanced() {
    Map<String, List<String>> alloc = regions("a", "b");
    alloc.get("a").addAll(List.of("r0-1", "r0-2", "r0-3"));
    assertThat(placement.rebalance(alloc, Set.of("r0-9"), 4)).isEmpty();
    alloc.get("b").addAll(List.of("r1-1", "r1-2"));
    assertThat(placement.rebalance(alloc, Set.of(), 4)).isEmpty();
  }

  @Test
  void foreignShardNamesNeverConflict() {
    assertThat(ShardName.parse("invalid")).isEqualTo(new ShardName(-1, -1));
    assertThat(ShardName.parse("r1-x")).isEqualTo(new ShardName(-1, -1));
    assertThat(new ShardName(-1, -1).conflictsWith(new ShardName(0, -1))).isFalse();
    assertThat(ShardName.parse("r3-17")).isEqualTo(new ShardName(3, 17));
  }
}
