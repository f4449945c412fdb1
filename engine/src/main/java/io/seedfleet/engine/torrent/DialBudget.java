package io.seedfleet.engine.torrent;

/**
 * How many new outgoing connections a torrent may start now: no more than its free connection
 * slots, and no more than a fixed number per window, so that a tracker reply of 200 peers is dialed
 * gradually rather than in one burst (libtorrent's connection_speed). Owned by the torrent actor.
 */
final class DialBudget {
  private final long windowNanos;
  private final int maxPerWindow;
  private long windowStartNanos;
  private int dialsInWindow;

  DialBudget(long windowNanos, int maxPerWindow) {
    this.windowNanos = windowNanos;
    this.maxPerWindow = maxPerWindow;
  }

  /**
   * Slots left under both caps; may be negative when over one of them.
   *
   * @param torrentLive the torrent's live peer actors, pending dials included
   * @param nodeOpen the node's open connections, every torrent together
   */
  static int freeSlots(int torrentCap, int torrentLive, int nodeCap, int nodeOpen) {
    return Math.min(torrentCap - torrentLive, nodeCap - nodeOpen);
  }

  /** Dials allowed now given {@code freeSlots}; a new window starts once the previous one has passed. */
  int allowed(int freeSlots, long nowNanos) {
    if (nowNanos - windowStartNanos >= windowNanos) {
      windowStartNanos = nowNanos;
      dialsInWindow = 0;
    }
    return Math.max(0, Math.min(freeSlots, maxPerWindow - dialsInWindow));
  }

  void dialed() {
    dialsInWindow++;
  }
}
