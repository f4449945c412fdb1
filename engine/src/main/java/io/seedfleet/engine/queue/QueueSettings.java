package io.seedfleet.engine.queue;

import java.util.Objects;

/** A session's queue limits and the seed goal every torrent gets unless told otherwise. */
public record QueueSettings(QueueLimits limits, SeedGoal seedGoal) {
  public static final QueueSettings NONE = new QueueSettings(QueueLimits.UNLIMITED, SeedGoal.NONE);

  public QueueSettings {
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(seedGoal, "seedGoal");
  }
}
