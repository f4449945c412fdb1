package io.seedfleet.engine.peer;

import java.time.Duration;

/**
 * The clocks a connection checks once a tick, over its {@link PeerState}: keep-alives we owe, a
 * peer gone silent, and a peer that leaves our requests unanswered (snubbing, as libtorrent calls it);
 * and how often it ticks at all.
 */
final class PeerClocks {
  /** While bytes move, or may at once, a connection ticks this often: rates, snubbing, uploads. */
  static final Duration BUSY_TICK = Duration.ofSeconds(1);
  /**
   * An idle connection ticks this rarely. It only has a keep-alive to send (every 90 s) and the
   * peer's silence to watch (150 s), so a 10 s tick keeps both within 10 s of their due time (our
   * keep-alive goes out by 100 s, well before the usual 120 s timeouts of other clients), while a
   * node with thousands of idle connections does a tenth of the timer work.
   */
  static final Duration IDLE_TICK = Duration.ofSeconds(10);
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

  /**
   * How often the connection should tick now: busy while we upload to the peer (we do not choke
   * it), while we can download from it (interested and unchoked), while our requests are out, and
   * until both rates have decayed to zero; idle otherwise, e.g. an interested peer we choke, or a
   * peer that has nothing we want. Whatever can make an idle connection busy arrives as a message
   * (an unchoke from the torrent, the peer's messages, picked requests), after which the
   * connection asks again.
   */
  static Duration tickInterval(PeerState state, boolean requestsOutstanding) {
    boolean busy = !state.amChoking || (state.amInterested && !state.peerChoking) || requestsOutstanding
        || state.download.perSecond() > 0 || state.upload.perSecond() > 0;
    return busy ? BUSY_TICK : IDLE_TICK;
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
