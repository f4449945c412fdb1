package io.seedfleet.engine.queue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which torrents run: in queue order (the order they were added), the first {@code
 * maxActiveDownloads} that still want data and the first {@code maxActiveSeeds} that are complete.
 * A torrent that finishes its download moves from the download queue to the seed queue, which
 * frees its download slot for the next one waiting.
 */
public final class QueuePolicy {
  /** What a torrent would do if it ran. */
  public enum Kind {
    DOWNLOAD,
    SEED,
    /** Paused by the operator, checking, finished or failed: neither takes nor waits for a slot. */
    IDLE
  }

  public record Entry<K>(K id, Kind kind) {}

  private QueuePolicy() {}

  /** The ids allowed to run; every other DOWNLOAD or SEED entry waits in the queue. */
  public static <K> Set<K> active(List<Entry<K>> inQueueOrder, QueueLimits limits) {
    Set<K> active = new HashSet<>();
    int downloads = 0;
    int seeds = 0;
    for (Entry<K> entry : inQueueOrder) {
      switch (entry.kind()) {
        case DOWNLOAD -> {
          if (limits.maxActiveDownloads() <= 0 || downloads < limits.maxActiveDownloads()) {
            downloads++;
            active.add(entry.id());
          }
        }
        case SEED -> {
          if (limits.maxActiveSeeds() <= 0 || seeds < limits.maxActiveSeeds()) {
            seeds++;
            active.add(entry.id());
          }
        }
        case IDLE -> { }
      }
    }
    return active;
  }
}
