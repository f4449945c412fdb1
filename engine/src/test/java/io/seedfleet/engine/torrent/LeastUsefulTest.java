package io.seedfleet.engine.torrent;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedfleet.engine.choke.PeerSnapshot;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeastUsefulTest {

  private static PeerSnapshot moving(int key, long down, long up) {
    return new PeerSnapshot(key, true, false, down, up, true, 0, false);
  }

  @Test
  void closesTheSlowestFirstCountingBothDirections() {
    Map<Integer, PeerSnapshot> snapshots = Map.of(1, moving(1, 500, 0), 2, moving(2, 0, 100), 3, moving(3, 50, 60),
        4, moving(4, 10_000, 0));
    assertThat(LeastUseful.pick(List.of(1, 2, 3, 4), snapshots, 2)).containsExactly(2, 3);
  }

  @Test
  void connectionsWithoutStatsCountAsIdleAndTheNewestGoesFirstAmongEquals() {
    Map<Integer, PeerSnapshot> snapshots = Map.of(1, moving(1, 500, 0));
    assertThat(LeastUseful.pick(List.of(1, 5, 7), snapshots, 2)).containsExactly(7, 5);
  }

  @Test
  void nothingWhenNotOverTheCap() {
    assertThat(LeastUseful.pick(List.of(1, 2), Map.of(), 0)).isEmpty();
    assertThat(LeastUseful.pick(List.of(1, 2), Map.of(), -3)).isEmpty();
  }
}
