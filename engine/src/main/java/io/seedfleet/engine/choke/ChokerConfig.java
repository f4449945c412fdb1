package io.seedfleet.engine.choke;

import java.time.Duration;
import java.util.Objects;

/**
 * Choker settings.
 *
 * @param uploadSlots how many peers are unchoked at once, the optimistic one included; 0 uploads
 *     to nobody
 * @param round how often the torrent calls {@link Choker#decide} (the rates are measured over it)
 * @param optimisticInterval how long one optimistic unchoke lasts before it rotates
 * @param seedRotation when seeding, how long a peer keeps a regular slot while others wait
 */
public record ChokerConfig(
    int uploadSlots, Duration round, Duration optimisticInterval, Duration seedRotation) {
  public ChokerConfig {
    if (uploadSlots < 0) {
      throw new IllegalArgumentException("uploadSlots must be >= 0: " + uploadSlots);
    }
    requirePositive(round, "round");
    requirePositive(optimisticInterval, "optimisticInterval");
    requirePositive(seedRotation, "seedRotation");
  }

  /** 4 slots, 10 s rounds, 30 s optimistic unchoke, 60 s seed rotation (the BEP 3 era defaults). */
  public static ChokerConfig defaults() {
    return new ChokerConfig(4, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60));
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
  }
}
