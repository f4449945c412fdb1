package io.seedfleet.engine.trackerd;

import java.time.Duration;

/**
 * Settings of the built-in tracker.
 *
 * @param interval the announce interval sent to clients
 * @param minInterval the {@code min interval} sent to clients
 * @param expiryGrace how long past {@code interval} a silent peer is kept before it is dropped
 * @param maxSwarms the most info-hashes tracked at once; bounds memory against hash floods
 * @param maxPeersPerSwarm the most peers kept per info-hash
 * @param defaultNumwant peers returned when the client does not say how many it wants
 * @param maxNumwant the most peers ever returned in one reply
 * @param maxScrapeHashes the most info-hashes in one scrape (74 fit in one UDP packet, BEP 15)
 * @param maxQueryLength the longest HTTP query string accepted, in characters
 * @param acceptIpParameter whether the HTTP {@code ip=} parameter may replace the source address
 *     (only for trackers behind a trusted proxy or on a private network)
 * @param noSeedsToSeeds whether seeds get only leechers in their peer lists
 */
public record TrackerConfig(
    Duration interval,
    Duration minInterval,
    Duration expiryGrace,
    int maxSwarms,
    int maxPeersPerSwarm,
    int defaultNumwant,
    int maxNumwant,
    int maxScrapeHashes,
    int maxQueryLength,
    boolean acceptIpParameter,
    boolean noSeedsToSeeds) {

  public TrackerConfig {
    if (interval.isNegative() || interval.isZero() || minInterval.isNegative() || expiryGrace.isNegative()) {
      throw new IllegalArgumentException("intervals must be positive");
    }
    if (maxSwarms < 1 || maxPeersPerSwarm < 1 || defaultNumwant < 0 || maxNumwant < defaultNumwant
        || maxScrapeHashes < 1 || maxQueryLength < 64) {
      throw new IllegalArgumentException("tracker limits out of range");
    }
  }

  /** 30-minute interval, 10 000 swarms of at most 2 000 peers, 50 peers per reply (200 at most). */
  public static TrackerConfig defaults() {
    return new TrackerConfig(Duration.ofMinutes(30), Duration.ofMinutes(5), Duration.ofMinutes(5),
        10_000, 2_000, 50, 200, 74, 4_096, false, false);
  }

  public TrackerConfig withInterval(Duration newInterval, Duration newMinInterval) {
    return new TrackerConfig(newInterval, newMinInterval, expiryGrace, maxSwarms, maxPeersPerSwarm, defaultNumwant,
        maxNumwant, maxScrapeHashes, maxQueryLength, acceptIpParameter, noSeedsToSeeds);
  }

  public TrackerConfig withCaps(int newMaxSwarms, int newMaxPeersPerSwarm) {
    return new TrackerConfig(interval, minInterval, expiryGrace, newMaxSwarms, newMaxPeersPerSwarm, defaultNumwant,
        maxNumwant, maxScrapeHashes, maxQueryLength, acceptIpParameter, noSeedsToSeeds);
  }

  public TrackerConfig withAcceptIpParameter(boolean accept) {
    return new TrackerConfig(interval, minInterval, expiryGrace, maxSwarms, maxPeersPerSwarm, defaultNumwant,
        maxNumwant, maxScrapeHashes, maxQueryLength, accept, noSeedsToSeeds);
  }

  public TrackerConfig withNoSeedsToSeeds(boolean noSeeds) {
    return new TrackerConfig(interval, minInterval, expiryGrace, maxSwarms, maxPeersPerSwarm, defaultNumwant,
        maxNumwant, maxScrapeHashes, maxQueryLength, acceptIpParameter, noSeeds);
  }

  /** A peer silent for longer than this is dropped. */
  public Duration peerExpiry() {
    return interval.plus(expiryGrace);
  }
}
