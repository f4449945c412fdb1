package io.seedfleet.engine.net;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.function.BiConsumer;

/**
 * Download tokens for the connections of one {@link NetLoop}, handed out first come, first served.
 * A connection that finds too few tokens stops reading and joins a queue; one timer serves the
 * queue in order as tokens come back, giving each a prepaid share. Without the queue, connections
 * woken in the same loop turn would race for the tokens and the selector's key order would starve
 * the same ones every time (a new connection could not even read its handshake).
 *
 * <p>Loop thread only.
 */
final class ReadThrottle {
  /** A limited connection reads at least a block's worth at a time: fewer, larger reads. */
  static final int MIN_READ = 16 * 1024;
  /** The most a queued connection is prepaid at once, so that a long queue is served in turns. */
  private static final int MAX_SHARE = 256 * 1024;
  /** At most 200 queue services a second, however high the rate: each moves a worthwhile amount. */
  private static final long MIN_WAIT_NANOS = 5_000_000L;
  /** A limit raised while connections wait takes effect this soon at the latest. */
  private static final long MAX_WAIT_NANOS = 250_000_000L;

  private final ArrayDeque<NetConnection> waiting = new ArrayDeque<>();
  private final BiConsumer<Long, Runnable> scheduleAt;
  private long serviceDueNanos;
  private boolean serviceScheduled;

  /** {@code scheduleAt} runs a task on the loop thread at a monotonic time. */
  ReadThrottle(BiConsumer<Long, Runnable> scheduleAt) {
    this.scheduleAt = scheduleAt;
  }

  /**
   * Tokens for one read of up to {@code max} bytes, or 0 when the connection must wait: then its
   * read interest is off until the queue reaches it. Give back what the read did not use with
   * {@link #unused}.
   */
  long take(NetConnection connection, int max, long nowNanos) {
    long prepaid = connection.prepaidReadTokens;
    if (prepaid > 0) {
      connection.prepaidReadTokens = 0;
      return prepaid;
    }
    if (waiting.isEmpty()) { // nobody queued: no one to overtake
      long granted = connection.readLimit().acquire(max, MIN_READ, nowNanos);
      if (granted > 0) {
        return granted;
      }
    }
    enqueue(connection, nowNanos);
    return 0;
  }

  void unused(NetConnection connection, long tokens) {
    if (tokens > 0) {
      connection.readLimit().refund(tokens);
    }
  }

  private void enqueue(NetConnection connection, long nowNanos) {
    connection.readThrottled = true;
    connection.updateInterest();
    if (!connection.queuedForTokens) {
      connection.queuedForTokens = true;
      waiting.add(connection);
    }
    scheduleService(connection.readLimit().nanosUntil(MIN_READ, nowNanos), nowNanos);
  }

  private void scheduleService(long waitNanos, long nowNanos) {
    long due = nowNanos + Math.max(MIN_WAIT_NANOS, Math.min(MAX_WAIT_NANOS, waitNanos));
    if (!serviceScheduled || due - serviceDueNanos < 0) {
      serviceScheduled = true;
      serviceDueNanos = due;
      scheduleAt.accept(due, this::serve);
    }
  }

  /** Prepays queued connections in order while tokens last; the rest wait for the next service. */
  private void serve() {
    long now = System.nanoTime();
    if (serviceScheduled && serviceDueNanos - now > 0) {
      return; // a later-superseded timer; the earlier one already served
    }
    serviceScheduled = false;
    long nextWait = Long.MAX_VALUE;
    for (Iterator<NetConnection> it = waiting.iterator(); it.hasNext(); ) {
      NetConnection connection = it.next();
      long granted = connection.isClosed() ? -1 : connection.readLimit().acquire(MAX_SHARE, MIN_READ, now);
      if (granted == 0) {
        nextWait = Math.min(nextWait, connection.readLimit().nanosUntil(MIN_READ, now));
        continue;
      }
      it.remove();
      connection.queuedForTokens = false;
      if (granted > 0) {
        connection.prepaidReadTokens = granted;
        connection.readThrottled = false;
        connection.updateInterest();
      }
    }
    if (!waiting.isEmpty()) {
      scheduleService(nextWait, now);
    }
  }
}
