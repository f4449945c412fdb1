package io.seedfleet.engine.choke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ChokerTest {
  private static final long SECOND = 1_000_000_000L;
  private static final ChokerConfig DEFAULTS = ChokerConfig.defaults();

  private static PeerSnapshot leecher(int peer, long downloadRate) {
    return new PeerSnapshot(peer, true, false, downloadRate, 0, false, 0, false);
  }

  private static Set<Integer> regular(ChokeDecision d) {
    Set<Integer> r = new HashSet<>(d.unchoked());
    d.optimistic().ifPresent(r::remove);
    return r;
  }

  @Test
  void leechingUnchokesTheFastestSendersPlusOneOptimistic() {
    Choker choker = new Choker(DEFAULTS, new SplittableRandom(1));
    List<PeerSnapshot> peers = List.of(
        leecher(1, 100), leecher(2, 900), leecher(3, 500), leecher(4, 700), leecher(5, 0), leecher(6, 300));

    ChokeDecision d = choker.decide(peers, false, 0);

    assertThat(regular(d)).containsExactlyInAnyOrder(2, 4, 3);
    assertThat(d.optimistic()).isPresent();
    assertThat(d.optimistic().getAsInt()).isIn(1, 5, 6);
    assertThat(d.unchoked()).hasSize(4);
  }

  @Test
  void snubbedAndUninterestedPeersGetNoRegularSlot() {
    Choker choker = new Choker(DEFAULTS, new SplittableRandom(1));
    List<PeerSnapshot> peers = List.of(
        new PeerSnapshot(1, true, true, 10_000, 0, true, 0, false), // snubbed but fast
        new PeerSnapshot(2, false, false, 9_000, 0, true, 0, false), // not interested
        leecher(3, 10), leecher(4, 20));

    ChokeDecision d = choker.decide(peers, false, 0);

    assertThat(regular(d)).containsExactlyInAnyOrder(3, 4);
    assertThat(d.unchoked()).doesNotContain(2);
    assertThat(d.optimistic()).hasValue(1); // the only interested peer left: it gets a chance
  }

  @Test
  void nobodyInterestedMeansNobodyUnchoked() {
    Choker choker = new Choker(DEFAULTS, new SplittableRandom(1));
    PeerSnapshot bored = new PeerSnapshot(1, false, false, 500, 500, true, 0, false);
    ChokeDecision d = choker.decide(List.of(bored), false, 0);
    assertThat(d.unchoked()).isEmpty();
    assertThat(d.optimistic()).isEmpty();
  }

  @Test
  void optimisticUnchokeRotatesEveryThirtySeconds() {
    Choker choker = new Choker(DEFAULTS, new SplittableRandom(5));
    List<PeerSnapshot> peers = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      peers.add(leecher(i, i < 3 ? 1000 : 0)); // 0..2 hold the regular slots
    }
    List<Integer> optimistic = new ArrayList<>();
    for (long t = 0; t <= 120; t += 10) {
      ChokeDecision d = choker.decide(peers, false, t * SECOND);
      assertThat(regular(d)).containsExactlyInAnyOrder(0, 1, 2);
      optimistic.add(d.optimistic().orElseThrow());
    }
    // 13 rounds: t=0,10,20 | 30,40,50 | 60,70,80 | 90,100,110 | 120
    for (int block = 0; block < 4; block++) {
      int first = optimistic.get(block * 3);
      assertThat(optimistic.subList(block * 3, block * 3 + 3)).containsOnly(first);
      assertThat(optimistic.get(block * 3 + 3)).as("rotated at %d s", (block + 1) * 30).isNotEqualTo(first);
    }
    assertThat(optimistic).allSatisfy(p -> assertThat(p).isBetween(3, 9));
  }

  @Test
  void anOptimisticPeerThatEarnsARegularSlotIsReplacedAtOnce() {
    Choker choker = new Choker(new ChokerConfig(2, Duration.ofSeconds(10), Duration.ofSeconds(30),
        Duration.ofSeconds(60)), new SplittableRandom(3));
    ChokeDecision first = choker.decide(List.of(leecher(1, 100), leecher(2, 0), leecher(3, 0)), false, 0);
    int lucky = first.optimistic().orElseThrow();
    List<PeerSnapshot> now = new ArrayList<>();
    for (int p : List.of(1, 2, 3)) {
      now.add(leecher(p, p == lucky ? 5000 : 0));
    }
    ChokeDecision second = choker.decide(now, false, 10 * SECOND);
    assertThat(regular(second)).containsExactly(lucky);
    assertThat(second.optimistic()).isPresent().isNotEqualTo(first.optimistic());
  }

  @Test
  void newcomersAreThreeTimesAsLikelyToBeTheOptimistic() {
    int newcomerChosen = 0;
    int trials = 400;
    for (long seed = 0; seed < trials; seed++) {
      Choker choker = new Choker(new ChokerConfig(1, Duration.ofSeconds(10), Duration.ofSeconds(30),
          Duration.ofSeconds(60)), new SplittableRandom(seed));
      List<PeerSnapshot> peers = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        peers.add(leecher(i, 0));
      }
      choker.decide(peers, false, 0);
      peers.add(leecher(99, 0));
      ChokeDecision d = choker.decide(peers, false, 100 * SECOND);
      newcomerChosen += d.optimistic().orElseThrow() == 99 ? 1 : 0;
    }
    // 9 old peers weigh 1, the newcomer 3: expected 3/12 = 25% (unweighted would be 10%).
    assertThat(newcomerChosen).isBetween(70, 135);
  }

  @Test
  void slotCountIsRespected() {
    List<PeerSnapshot> peers = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      peers.add(leecher(i, i * 10L));
    }
    for (int slots : new int[] {0, 1, 2, 4, 8, 25}) {
      Choker choker = new Choker(new ChokerConfig(slots, Duration.ofSeconds(10), Duration.ofSeconds(30),
          Duration.ofSeconds(60)), new SplittableRandom(slots));
      for (boolean seeding : new boolean[] {false, true}) {
        ChokeDecision d = choker.decide(peers, seeding, 0);
        assertThat(d.unchoked()).hasSize(Math.min(slots, peers.size()));
        assertThat(d.optimistic().isPresent()).isEqualTo(slots > 0 && slots <= peers.size());
      }
    }
  }

  @Test
  void seedingRanksByUploadRateAndNeverUnchokesSeeds() {
    Choker choker = new Choker(DEFAULTS, new SplittableRandom(1));
    List<PeerSnapshot> peers = List.of(
        new PeerSnapshot(1, true, false, 0, 100, true, 0, false),
        new PeerSnapshot(2, true, false, 0, 900, true, 0, false),
        new PeerSnapshot(3, true, false, 0, 500, true, 0, false),
        new PeerSnapshot(4, true, false, 0, 700, true, 0, false),
        new PeerSnapshot(5, true, false, 0, 9999, false, 0, true)); // a seed, oddly interested

    ChokeDecision d = choker.decide(peers, true, 10 * SECOND);

    assertThat(regular(d)).containsExactlyInAnyOrder(2, 4, 3);
    assertThat(d.optimistic()).hasValue(1);
    assertThat(d.unchoked()).doesNotContain(5);
  }

  @Test
  void seedingRotatesSlotsSoEveryInterestedPeerIsServed() {
    SeedSwarm swarm = new SeedSwarm(12);
    Choker choker = new Choker(DEFAULTS, new SplittableRandom(8));
    Set<Integer> served = new HashSet<>();
    List<Set<Integer>> regularPerRound = new ArrayList<>();
    for (int round = 0; round < 24; round++) {
      long now = round * 10 * SECOND;
      ChokeDecision d = choker.decide(swarm.snapshots(), true, now);
      assertThat(d.unchoked()).hasSize(4);
      served.addAll(d.unchoked());
      regularPerRound.add(regular(d));
      swarm.apply(d, now);
    }
    // 3 regular + 1 optimistic slots, 12 peers, 60 s turns: everyone is served within 4 minutes.
    assertThat(served).containsExactlyInAnyOrderElementsOf(swarm.ids());
    // Regular slots change hands every 60 s (6 rounds) and stay put in between.
    for (int turn = 0; turn < 3; turn++) {
      Set<Integer> held = regularPerRound.get(turn * 6);
      assertThat(regularPerRound.subList(turn * 6, turn * 6 + 6)).containsOnly(held);
      assertThat(regularPerRound.get(turn * 6 + 6)).doesNotContainAnyElementsOf(held);
    }
    // Nobody keeps a slot much longer than a rotation (an optimistic turn may run into it).
    assertThat(swarm.longestUnchokeSeconds()).isLessThanOrEqualTo(60 + 30);
  }

  @Test
  void sameSeedSameDecisions() {
    List<List<Set<Integer>>> runs = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      SeedSwarm swarm = new SeedSwarm(9);
      Choker choker = new Choker(DEFAULTS, new SplittableRandom(77));
      List<Set<Integer>> decisions = new ArrayList<>();
      for (int round = 0; round < 20; round++) {
        ChokeDecision d = choker.decide(swarm.snapshots(), round % 2 == 0, round * 10 * SECOND);
        decisions.add(d.unchoked());
        swarm.apply(d, round * 10 * SECOND);
      }
      runs.add(decisions);
    }
    assertThat(runs.get(0)).isEqualTo(runs.get(1));
  }

  @Test
  void configRejectsNonsense() {
    assertThatThrownBy(() -> new ChokerConfig(-1, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ChokerConfig(4, Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(DEFAULTS.uploadSlots()).isEqualTo(4);
    assertThat(DEFAULTS.optimisticInterval()).isEqualTo(Duration.ofSeconds(30));
  }

  /** Interested leechers whose choke state follows the decisions, as the torrent would keep it. */
  private static final class SeedSwarm {
    private final Map<Integer, Long> unchokedAt = new HashMap<>();
    private final List<Integer> ids = new ArrayList<>();
    private long longestUnchokeNanos;

    SeedSwarm(int peers) {
      for (int i = 0; i < peers; i++) {
        ids.add(i);
      }
    }

    List<Integer> ids() {
      return ids;
    }

    List<PeerSnapshot> snapshots() {
      List<PeerSnapshot> out = new ArrayList<>();
      for (int id : ids) {
        Long at = unchokedAt.get(id);
        long uploadRate = at == null ? 0 : 1000L * (id + 1);
        out.add(new PeerSnapshot(id, true, false, 0, uploadRate, at != null, at == null ? 0 : at, false));
      }
      return out;
    }

    void apply(ChokeDecision d, long now) {
      for (int id : ids) {
        Long at = unchokedAt.get(id);
        if (d.unchoked().contains(id)) {
          if (at == null) {
            unchokedAt.put(id, now);
          } else {
            longestUnchokeNanos = Math.max(longestUnchokeNanos, now - at);
          }
        } else {
          unchokedAt.remove(id);
        }
      }
    }

    long longestUnchokeSeconds() {
      return longestUnchokeNanos / SECOND;
    }
  }
}
