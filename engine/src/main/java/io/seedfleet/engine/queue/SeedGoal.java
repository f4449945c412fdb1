package io.seedfleet.engine.queue;

import java.time.Duration;
import java.util.Objects;

/**
 * When a complete torrent stops seeding: once it uploaded {@code ratio} times its size, or once it
 * seeded for {@code seedTime}, whichever comes first. A ratio of 0 or less and a zero seed time
 * mean "no limit".
 *
 * <p>The ratio divides by the larger of the bytes downloaded and the torrent's size, so a torrent
 * we published ourselves (nothing downloaded) still has a finite ratio.
 */
public record SeedGoal(double ratio, Duration seedTime) {
  public static final SeedGoal NONE = new SeedGoal(0, Duration.ZERO);

  public SeedGoal {
    Objects.requireNonNull(seedTime, "seedTime");
    if (Double.isNaN(ratio) || Double.isInfinite(ratio)) {
      throw new IllegalArgumentException("seed ratio must be a finite number: " + ratio);
    }
    if (seedTime.isNegative()) {
      throw new IllegalArgumentException("seed time must not be negative: " + seedTime);
    }
  }

  public boolean isNone() {
    return ratio <= 0 && seedTime.isZero();
  }

  public static double ratio(long uploaded, long downloaded, long totalLength) {
    long base = Math.max(Math.max(downloaded, totalLength), 1);
    return (double) uploaded / base;
  }

  public boolean reached(long uploaded, long downloaded, long totalLength, Duration seeded) {
    if (ratio > 0 && ratio(uploaded, downloaded, totalLength) >= ratio) {
      return true;
    }
    return !seedTime.isZero() && seeded.compareTo(seedTime) >= 0;
  }
}
