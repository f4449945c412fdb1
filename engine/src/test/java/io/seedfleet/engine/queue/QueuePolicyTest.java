package io.seedfleet.engine.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seedfleet.engine.queue.QueuePolicy.Entry;
import io.seedfleet.engine.queue.QueuePolicy.Kind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueuePolicyTest {
  private static final List<Entry<String>> MIXED = List.of(
      new Entry<>("d1", Kind.DOWNLOAD), new Entry<>("s1", Kind.SEED), new Entry<>("paused", Kind.IDLE),
      new Entry<>("d2", Kind.DOWNLOAD), new Entry<>("s2", Kind.SEED), new Entry<>("d3", Kind.DOWNLOAD));

  @Test
  void theFirstInQueueOrderGetTheSlots() {
    assertThat(QueuePolicy.active(MIXED, new QueueLimits(2, 1))).containsExactlyInAnyOrder("d1", "d2", "s1");
  }

  @Test
  void unlimitedKindsAllRun() {
    assertThat(QueuePolicy.active(MIXED, new QueueLimits(1, 0))).containsExactlyInAnyOrder("d1", "s1", "s2");
    assertThat(QueuePolicy.active(MIXED, QueueLimits.UNLIMITED)).containsExactlyInAnyOrder("d1", "s1", "d2", "s2", "d3");
  }

  @Test
  void idleTorrentsNeverTakeASlot() {
    List<Entry<String>> entries = List.of(new Entry<>("paused", Kind.IDLE), new Entry<>("d", Kind.DOWNLOAD));
    assertThat(QueuePolicy.active(entries, new QueueLimits(1, 1))).containsExactly("d");
  }

  @Test
  void aFinishedDownloadFreesItsSlotForTheNext() {
    List<Entry<String>> before = List.of(new Entry<>("a", Kind.DOWNLOAD), new Entry<>("b", Kind.DOWNLOAD));
    List<Entry<String>> after = List.of(new Entry<>("a", Kind.SEED), new Entry<>("b", Kind.DOWNLOAD));
    assertThat(QueuePolicy.active(before, new QueueLimits(1, 5))).containsExactly("a");
    assertThat(QueuePolicy.active(after, new QueueLimits(1, 5))).containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void seedGoalByRatioUsesTheLargerOfDownloadedAndSize() {
    SeedGoal goal = new SeedGoal(1.5, Duration.ZERO);
    assertThat(goal.reached(149, 0, 100, Duration.ofDays(1))).isFalse();
    assertThat(goal.reached(150, 0, 100, Duration.ZERO)).isTrue();
    assertThat(goal.reached(150, 200, 100, Duration.ZERO)).as("downloaded twice the size").isFalse();
    assertThat(SeedGoal.ratio(50, 0, 0)).isEqualTo(50.0);
  }

  @Test
  void seedGoalByTimeAndNone() {
    SeedGoal goal = new SeedGoal(0, Duration.ofMinutes(10));
    assertThat(goal.reached(0, 0, 100, Duration.ofMinutes(9))).isFalse();
    assertThat(goal.reached(0, 0, 100, Duration.ofMinutes(10))).isTrue();
    assertThat(SeedGoal.NONE.isNone()).isTrue();
    assertThat(SeedGoal.NONE.reached(Long.MAX_VALUE, 0, 1, Duration.ofDays(999))).isFalse();
  }

  @Test
  void seedGoalRejectsNonsense() {
    assertThatThrownBy(() -> new SeedGoal(Double.NaN, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SeedGoal(1, Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
  }
}
