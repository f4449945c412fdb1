package io.seedfleet.engine.queue;

/**
 * How many torrents may be active at once; 0 or less means no limit. Checking, paused, finished
 * and failed torrents take no slot.
 */
public record QueueLimits(int maxActiveDownloads, int maxActiveSeeds) {
  public static final QueueLimits UNLIMITED = new QueueLimits(0, 0);

  public boolean isUnlimited() {
    return maxActiveDownloads <= 0 && maxActiveSeeds <= 0;
  }
}
