package io.seedfleet.ops.fleet;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A node-wide running total built from per-torrent totals, which are not monotonic as a set: a
 * torrent's counts start at zero when its actor starts and vanish when it stops. Each observation
 * adds what every torrent incarnation gained since the last one, so the total never goes down, as a
 * Prometheus counter must. A torrent that did not answer this time keeps its last count (it is
 * neither lost nor counted twice); one that no longer runs is forgotten, its gains already counted.
 */
final class MonotonicTotal {
  private final Map<String, Long> last = new HashMap<>();
  private long total;

  /**
   * @param running every torrent incarnation that runs now
   * @param answered the own total of each incarnation that answered; negative values count as 0
   */
  synchronized void observe(Set<String> running, Map<String, Long> answered) {
    for (Map.Entry<String, Long> e : answered.entrySet()) {
      long now = Math.max(0, e.getValue());
      long before = last.getOrDefault(e.getKey(), 0L);
      // an incarnation's count only grows; should one ever shrink, all of its new count is new
      total += now >= before ? now - before : now;
      last.put(e.getKey(), now);
    }
    last.keySet().retainAll(running);
  }

  synchronized long total() {
    return total;
  }
}
