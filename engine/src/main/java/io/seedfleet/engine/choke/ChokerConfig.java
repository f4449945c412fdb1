package io.seedfleet.engine.choke;

import java.time.Duration;

/**
 * @param uploadSlots peers unchoked at once, the optimistic slot included
 * @param round how often the choker runs
 * @param optimisticInterval how long an optimistic unchoke lasts before another peer gets its turn
 * @param seedRotation in seed mode, how long a peer keeps its slot while others wait
 */
public record ChokerConfig(int uploadSlots, Duration round, Duration optimisticInterval, Duration seedRotation) {
  public ChokerConfig {
    if (uploadSlots < 1) {
      throw new IllegalArgumentException("at least one upload slot is needed");
    }
  }
}
