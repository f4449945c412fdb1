package io.seedfleet.engine.peer;

import java.time.Duration;

/**
 * The clocks a connection checks once a tick, over its {@link PeerState}: keep-alives we owe, a
 * peer gone silent, and a peer that leaves our requests unanswered (snubbing, as libtorrent calls it).
 */
final class PeerClocks {
  static final Duration INACTIVITY = Duration.ofSeconds(150);
  private static final long KEEPALIVE_NANOS = Duration.ofSeconds(90).toNanos();
  private static final long INACTIVITY_NANOS = INACTIVITY.toNanos();
  private static final long SNUB_NANOS = Duration.ofSeconds(30).toNanos();
  /** A snubbed peer that leaves even its one request unanswered this long is dropped. */
  static final Duration SNUBBED_REQUEST_TIMEOUT = Duration.ofSeconds(60);
  private static final long SNUBBED_REQUEST_TIMEOUT_NANOS = SNUBBED_REQUEST_TIMEOUT.toNanos();

  /** What a tick finds about our requests to the peer. */
  enum Snub {
    FINE,
    /** Requests unanswered too long: give them to other peers and keep just one in flight. */
    NOW_SNUBBED,
    /** Snubbed, and even its one request is unanswered too long: drop the peer. */
    GIVE_UP
  }

  private PeerClocks() {}

  /** Nothing at all arrived from the peer for too long. */
  static boolean inactive(PeerState state, long nowNanos) {
    return nowNanos - state.lastReceivedNanos > INACTIVITY_NANOS;
  }

  static boolean keepAliveDue(PeerState state, long nowNanos) {
    return nowNanos - state.lastSentNanos > KEEPALIVE_NANOS;
  }

  static Snub snub(PeerState state, boolean requestsOutstanding, long nowNanos) {
    if (requestsOutstanding && state.snubbed && nowNanos - state.lastBlockNanos > SNUBBED_REQUEST_TIMEOUT_NANOS) {
      return Snub.GIVE_UP;
    }
    if (requestsOutstanding && !state.snubbed && nowNanos - state.lastBlockNanos > SNUB_NANOS) {
      return Snub.NOW_SNUBBED;
    }
    return Snub.FINE;
  }
}
