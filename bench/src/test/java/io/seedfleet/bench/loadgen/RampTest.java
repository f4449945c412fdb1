package io.seedfleet.bench.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RampTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void startsNothingBeforeAnyTimeHasPassed() {
    Ramp ramp = new Ramp(1000, 256, 0);
    assertThat(ramp.allowed(10_000, 0, 0, 0)).isZero();
  }

  @Test
  void pacesConnectsAtTheRate() {
    Ramp ramp = new Ramp(1000, 10_000, 0);
    int started = 0;
    for (long t = 10_000_000; t <= SECOND; t += 10_000_000) { // every 10 ms for one second
      started += ramp.allowed(100_000, started, 0, t);
    }
    assertThat(started).isEqualTo(1000);
  }

  @Test
  void aStalledThreadBurstsAtMostATenthOfASecond() {
    Ramp ramp = new Ramp(1000, 10_000, 0);
    assertThat(ramp.allowed(100_000, 0, 0, 60 * SECOND)).isEqualTo(100);
  }

  @Test
  void keepsConnectsInFlightUnderTheBound() {
    Ramp ramp = new Ramp(1000, 256, 0);
    assertThat(ramp.allowed(10_000, 0, 200, SECOND)).isEqualTo(56);
    assertThat(ramp.allowed(10_000, 0, 256, 2 * SECOND)).isZero();
  }

  @Test
  void neverGoesBeyondTheTarget() {
    Ramp ramp = new Ramp(1000, 256, 0);
    assertThat(ramp.allowed(1000, 990, 5, SECOND)).isEqualTo(5);
    assertThat(ramp.allowed(1000, 1000, 0, 2 * SECOND)).isZero();
    assertThat(ramp.allowed(1000, 1200, 0, 3 * SECOND)).isZero();
  }

  @Test
  void refusesANonPositiveRateOrBound() {
    assertThatThrownBy(() -> new Ramp(0, 256, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Ramp(1000, 0, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
