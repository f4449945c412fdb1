package io.seedfleet.engine.torrent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DialBudgetTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void noMoreDialsPerWindowThanTheBudgetAndAFreshBudgetInTheNextWindow() {
    DialBudget budget = new DialBudget(SECOND, 30);
    long start = 5 * SECOND;
    assertThat(budget.allowed(100, start)).isEqualTo(30);
    for (int i = 0; i < 25; i++) {
      budget.dialed();
    }
    assertThat(budget.allowed(100, start + SECOND / 2)).isEqualTo(5);
    assertThat(budget.allowed(100, start + SECOND)).isEqualTo(30);
  }

  @Test
  void freeSlotsLimitTheDialsAndNeverGoBelowZero() {
    DialBudget budget = new DialBudget(SECOND, 30);
    assertThat(budget.allowed(4, SECOND)).isEqualTo(4);
    assertThat(budget.allowed(-3, SECOND)).isZero();
  }

  @Test
  void freeSlotsAreTheTighterOfTheTorrentAndNodeCaps() {
    assertThat(DialBudget.freeSlots(80, 70, 500, 100)).isEqualTo(10);
    assertThat(DialBudget.freeSlots(80, 10, 500, 495)).isEqualTo(5);
    assertThat(DialBudget.freeSlots(80, 10, 500, 510)).isEqualTo(-10);
  }
}
