package io.seedfleet.engine.torrent;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedfleet.engine.queue.SeedGoal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SeedGoalClockTest {
  private static final long SECOND = 1_000_000_000L;
  private static final long TOTAL = 1000;

  @Test
  void onlyTimeBetweenTwoLooksWhileSeedingCounts() {
    SeedGoalClock clock = new SeedGoalClock();
    clock.goal(new SeedGoal(0, Duration.ofSeconds(10)));
    assertThat(clock.reached(false, 0, TOTAL, TOTAL, 1 * SECOND)).isFalse(); // downloading
    assertThat(clock.reached(true, 0, TOTAL, TOTAL, 100 * SECOND)).isFalse(); // first look while seeding
    assertThat(clock.reached(true, 0, TOTAL, TOTAL, 106 * SECOND)).isFalse();
    assertThat(clock.seededSeconds()).isEqualTo(6);
    assertThat(clock.reached(false, 0, TOTAL, TOTAL, 200 * SECOND)).isFalse(); // paused: not counted
    assertThat(clock.reached(true, 0, TOTAL, TOTAL, 300 * SECOND)).isFalse();
    assertThat(clock.reached(true, 0, TOTAL, TOTAL, 304 * SECOND)).isTrue();
    assertThat(clock.seededSeconds()).isEqualTo(10);
  }

  @Test
  void aRestartDoesNotCountTheStoppedStretch() {
    SeedGoalClock clock = new SeedGoalClock();
    clock.goal(new SeedGoal(0, Duration.ofSeconds(10)));
    clock.reached(true, 0, TOTAL, TOTAL, SECOND);
    clock.restart();
    assertThat(clock.reached(true, 0, TOTAL, TOTAL, 60 * SECOND)).isFalse();
    assertThat(clock.seededSeconds()).isZero();
  }

  @Test
  void theRatioGoalAndNoGoal() {
    SeedGoalClock clock = new SeedGoalClock();
    assertThat(clock.reached(true, 5 * TOTAL, TOTAL, TOTAL, SECOND)).isFalse(); // NONE seeds forever
    clock.goal(new SeedGoal(2.0, Duration.ZERO));
    assertThat(clock.reached(true, TOTAL, TOTAL, TOTAL, 2 * SECOND)).isFalse();
    assertThat(clock.reached(true, 2 * TOTAL, TOTAL, TOTAL, 3 * SECOND)).isTrue();
    assertThat(clock.reached(false, 2 * TOTAL, TOTAL, TOTAL, 4 * SECOND)).isFalse(); // only a seeding torrent finishes
    clock.dropGoal();
    assertThat(clock.reached(true, 2 * TOTAL, TOTAL, TOTAL, 5 * SECOND)).isFalse();
  }
}
