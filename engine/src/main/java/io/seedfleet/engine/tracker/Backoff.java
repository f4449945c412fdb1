package io.seedfleet.engine.tracker;

import java.time.Duration;
import java.util.Random;

/**
 * Retry delays after tracker errors: {@code base * 2^(failures-1)}, capped, with +-25% jitter so
 * that many torrents failing together do not retry together.
 */
public final class Backoff {
  private final Duration base;
  private final Duration cap;
  private final Random random;

  public Backoff(Duration base, Duration cap, Random random) {
    if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
      throw new IllegalArgumentException("need 0 < base <= cap");
    }
    this.base = base;
    this.cap = cap;
    this.random = random;
  }

  /** The delay after {@code failures} consecutive failures (1 for the first). */
  public Duration delay(int failures) {
    if (failures < 1) {
      return Duration.ZERO;
    }
    int shift = Math.min(failures - 1, 30);
    long millis = base.toMillis() << shift;
    if (millis <= 0 || millis > cap.toMillis()) {
      millis = cap.toMillis();
    }
    double jitter = 0.75 + random.nextDouble() * 0.5;
    return Duration.ofMillis(Math.round(millis * jitter));
  }
}
