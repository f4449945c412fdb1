package io.seedfleet.engine.torrent;

import io.seedfleet.engine.queue.SeedGoal;
import java.time.Duration;

/**
 * A torrent's seed goal and the seeding time that counts towards it. Time counts only between two
 * looks while seeding: a paused, queued or downloading stretch never adds to it. Owned by the
 * torrent actor, which looks at least once per dial tick.
 */
final class SeedGoalClock {
  private SeedGoal goal = SeedGoal.NONE;
  private long seededNanos;
  /** When seeding time was last counted; 0 when not seeding at the last look. */
  private long lastLookNanos;

  void goal(SeedGoal goal) {
    this.goal = goal;
  }

  /** A torrent resumed by hand after reaching its goal seeds on without one. */
  void dropGoal() {
    goal = SeedGoal.NONE;
  }

  /** The torrent starts running again: the stopped stretch must not count as seeding. */
  void restart() {
    lastLookNanos = 0;
  }

  /** Counts the seeding time since the last look, then tells whether the goal is met. */
  boolean reached(boolean seeding, long uploaded, long downloaded, long totalLength, long nowNanos) {
    if (seeding && lastLookNanos != 0) {
      seededNanos += nowNanos - lastLookNanos;
    }
    lastLookNanos = seeding ? nowNanos : 0;
    return seeding && !goal.isNone() && goal.reached(uploaded, downloaded, totalLength, Duration.ofNanos(seededNanos));
  }

  long seededSeconds() {
    return seededNanos / 1_000_000_000L;
  }
}
