package io.seedfleet.engine.trackerd;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private long nanos;
  private final RateLimiter limiter = new RateLimiter(2, 3, 2, () -> nanos);
  private final InetAddress a = TrackerTestData.address("10.0.0.1");
  private final InetAddress b = TrackerTestData.address("10.0.0.2");
  private final InetAddress c = TrackerTestData.address("10.0.0.3");

  @Test
  void allowsABurstThenTheRefillRate() {
    assertThat(limiter.tryAcquire(a)).isTrue();
    assertThat(limiter.tryAcquire(a)).isTrue();
    assertThat(limiter.tryAcquire(a)).isTrue();
    assertThat(limiter.tryAcquire(a)).isFalse();
    assertThat(limiter.tryAcquire(b)).as("other IPs have their own bucket").isTrue();
    nanos += 500_000_000L; // half a second at 2/s: one token
    assertThat(limiter.tryAcquire(a)).isTrue();
    assertThat(limiter.tryAcquire(a)).isFalse();
  }

  @Test
  void aFullTableForgetsIdleIpsAndRefusesWhenNoneIsIdle() {
    limiter.tryAcquire(a);
    limiter.tryAcquire(b);
    assertThat(limiter.tryAcquire(c)).as("both buckets busy").isFalse();
    nanos += 10_000_000_000L;
    assertThat(limiter.tryAcquire(c)).isTrue();
    assertThat(limiter.trackedCount()).isEqualTo(1);
  }
}
