package io.seedfleet.engine.tracker;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The BEP 12 order of a torrent's trackers: tiers in order, each shuffled once; a tracker that
 * answers moves to the front of its tier, so it is asked first next time. Callers walk {@link
 * #order()} and stop at the first tracker that answers. Trackers disabled for good (HTTP 410, an
 * unusable URL) drop out. Not thread-safe: owned by one actor.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0012.html">BEP 12</a>
 */
public final class TrackerTiers {
  private final List<List<String>> tiers = new ArrayList<>();
  private final Set<String> disabled = new HashSet<>();

  public TrackerTiers(List<List<String>> announceTiers, Random random) {
    Set<String> seen = new HashSet<>();
    for (List<String> tier : announceTiers) {
      List<String> urls = new ArrayList<>();
      for (String url : tier) {
        if (seen.add(url)) {
          urls.add(url);
        }
      }
      java.util.Collections.shuffle(urls, random);
      if (!urls.isEmpty()) {
        tiers.add(urls);
      }
    }
  }

  /** Every enabled tracker, first tier first, in the order to try them. */
  public List<String> order() {
    List<String> order = new ArrayList<>();
    for (List<String> tier : tiers) {
      for (String url : tier) {
        if (!disabled.contains(url)) {
          order.add(url);
        }
      }
    }
    return order;
  }

  /** Every tracker ever listed, enabled or not, in tier order. */
  public List<String> all() {
    return tiers.stream().flatMap(List::stream).toList();
  }

  /** {@code url} answered: it moves to the front of its tier. */
  public void succeeded(String url) {
    for (List<String> tier : tiers) {
      if (tier.remove(url)) {
        tier.add(0, url);
        return;
      }
    }
  }

  /** {@code url} must not be asked again for this torrent. */
  public void disable(String url) {
    disabled.add(url);
  }

  public boolean isDisabled(String url) {
    return disabled.contains(url);
  }
}
