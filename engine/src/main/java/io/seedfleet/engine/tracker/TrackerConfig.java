package io.seedfleet.engine.tracker;

import java.time.Duration;

/**
 * Tracker limits and timings.
 *
 * @param minInterval the shortest re-announce interval we honour (a tracker asking for less gets
 *     this); tests on loopback lower it
 * @param maxInterval the longest (a tracker asking for more gets this)
 * @param maxPeersPerReply peers taken from one reply, the rest dropped
 * @param numWant peers asked for
 * @param backoffBase first retry delay after an error, doubled per further error
 * @param backoffCap longest retry delay after errors
 * @param connectTimeout HTTP connect timeout
 * @param requestTimeout whole HTTP exchange, body included
 * @param maxResponseBytes HTTP body cap, enforced while reading
 * @param udpRetryBase BEP 15 retransmission base (15 s; attempt n waits base * 2^n)
 * @param udpMaxRetries BEP 15 retransmissions before giving up (8)
 * @param stoppedTimeout how long the best-effort {@code stopped} announce may take
 */
public record TrackerConfig(
    Duration minInterval,
    Duration maxInterval,
    int maxPeersPerReply,
    int numWant,
    Duration backoffBase,
    Duration backoffCap,
    Duration connectTimeout,
    Duration requestTimeout,
    int maxResponseBytes,
    Duration udpRetryBase,
    int udpMaxRetries,
    Duration stoppedTimeout) {

  public static final int MAX_RESPONSE_BYTES = 1 << 20;

  public TrackerConfig {
    if (minInterval.isNegative() || maxInterval.compareTo(minInterval) < 0) {
      throw new IllegalArgumentException("need 0 <= minInterval <= maxInterval");
    }
    if (maxPeersPerReply < 0 || numWant < 0 || maxResponseBytes < 1 || maxResponseBytes > MAX_RESPONSE_BYTES) {
      throw new IllegalArgumentException("bad peer or size limit");
    }
    if (udpMaxRetries < 0 || udpMaxRetries > 8) {
      throw new IllegalArgumentException("udpMaxRetries must be 0..8 (BEP 15)");
    }
  }

  public static TrackerConfig defaults() {
    return new TrackerConfig(Duration.ofSeconds(60), Duration.ofHours(3), 200, 50, Duration.ofSeconds(15),
        Duration.ofMinutes(30), Duration.ofSeconds(10), Duration.ofSeconds(30), MAX_RESPONSE_BYTES,
        Duration.ofSeconds(15), 8, Duration.ofSeconds(5));
  }

  /** The interval we actually wait: the tracker's, within [minInterval, maxInterval]. */
  public Duration clampInterval(Duration trackerInterval, Duration trackerMinInterval) {
    Duration wanted = trackerInterval;
    if (trackerMinInterval != null && trackerMinInterval.compareTo(wanted) > 0) {
      wanted = trackerMinInterval;
    }
    if (wanted.compareTo(minInterval) < 0) {
      return minInterval;
    }
    return wanted.compareTo(maxInterval) > 0 ? maxInterval : wanted;
  }

  public TrackerConfig withMinInterval(Duration value) {
    return new TrackerConfig(value, maxInterval, maxPeersPerReply, numWant, backoffBase, backoffCap, connectTimeout,
        requestTimeout, maxResponseBytes, udpRetryBase, udpMaxRetries, stoppedTimeout);
  }

  public TrackerConfig withTimeouts(Duration connect, Duration request) {
    return new TrackerConfig(minInterval, maxInterval, maxPeersPerReply, numWant, backoffBase, backoffCap, connect,
        request, maxResponseBytes, udpRetryBase, udpMaxRetries, stoppedTimeout);
  }

  public TrackerConfig withUdpRetries(Duration base, int maxRetries) {
    return new TrackerConfig(minInterval, maxInterval, maxPeersPerReply, numWant, backoffBase, backoffCap,
        connectTimeout, requestTimeout, maxResponseBytes, base, maxRetries, stoppedTimeout);
  }

  public TrackerConfig withBackoff(Duration base, Duration cap) {
    return new TrackerConfig(minInterval, maxInterval, maxPeersPerReply, numWant, base, cap, connectTimeout,
        requestTimeout, maxResponseBytes, udpRetryBase, udpMaxRetries, stoppedTimeout);
  }
}
