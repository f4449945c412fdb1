package io.seedfleet.engine.torrent;

import io.seedfleet.engine.choke.PeerSnapshot;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Which connections to close when a connection cap is lowered: those moving the fewest bytes. */
final class LeastUseful {
  private LeastUseful() {}

  /**
   * Up to {@code count} of {@code keys}, lowest recent download plus upload rate first; among equals
   * the newest connection (highest key) goes first, since it has had the least chance to prove itself
   * useful and loses the least state. Keys without a snapshot yet count as rate 0.
   */
  static List<Integer> pick(Collection<Integer> keys, Map<Integer, PeerSnapshot> snapshots, int count) {
    if (count <= 0) {
      return List.of();
    }
    Comparator<Integer> byRate = Comparator.comparingLong(key -> rate(snapshots.get(key)));
    return keys.stream().sorted(byRate.thenComparing(Comparator.<Integer>reverseOrder())).limit(count).toList();
  }

  private static long rate(PeerSnapshot snapshot) {
    return snapshot == null ? 0 : snapshot.downloadRate() + snapshot.uploadRate();
  }
}
