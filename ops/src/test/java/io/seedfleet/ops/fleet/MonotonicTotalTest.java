package io.seedfleet.ops.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MonotonicTotalTest {
  private final MonotonicTotal total = new MonotonicTotal();

  @Test
  void addsWhatEachTorrentGainedSinceTheLastLook() {
    total.observe(Set.of("a", "b"), Map.of("a", 100L, "b", 10L));
    total.observe(Set.of("a", "b"), Map.of("a", 150L, "b", 10L));
    assertThat(total.total()).isEqualTo(160);
  }

  @Test
  void aRemovedTorrentKeepsItsBytesCountedAndANewIncarnationStartsFromZero() {
    total.observe(Set.of("a#1"), Map.of("a#1", 500L));
    total.observe(Set.of(), Map.of());
    assertThat(total.total()).isEqualTo(500);
    total.observe(Set.of("a#2"), Map.of("a#2", 40L));
    assertThat(total.total()).isEqualTo(540);
  }

  @Test
  void aTorrentThatDidNotAnswerIsNeitherLostNorCountedTwice() {
    total.observe(Set.of("a"), Map.of("a", 300L));
    total.observe(Set.of("a"), Map.of());
    total.observe(Set.of("a"), Map.of("a", 320L));
    assertThat(total.total()).isEqualTo(320);
  }

  @Test
  void aCountThatShrinksIsTakenAsARestartAndNegativeCountsAsZero() {
    total.observe(Set.of("a"), Map.of("a", 300L));
    total.observe(Set.of("a"), Map.of("a", 20L));
    assertThat(total.total()).isEqualTo(320);
    total.observe(Set.of("a"), Map.of("a", -5L));
    assertThat(total.total()).isEqualTo(320);
  }
}
