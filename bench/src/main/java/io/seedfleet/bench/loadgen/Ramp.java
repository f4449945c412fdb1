package io.seedfleet.bench.loadgen;

/**
 * How many new connects one selector thread may start now: no more than its share of the ramp rate
 * (a token bucket holding at most a tenth of a second's worth, so a stalled thread does not burst),
 * no more than its share of connects in flight, and never beyond its target. Pure arithmetic;
 * one instance per thread.
 */
final class Ramp {
  private final double perNano;
  private final double burst;
  private final int maxPending;
  private double tokens;
  private long lastNanos;

  /**
   * @param perSecond new connects per second on this thread
   * @param maxPending connects and handshakes in flight at once on this thread
   */
  Ramp(int perSecond, int maxPending, long nowNanos) {
    if (perSecond < 1 || maxPending < 1) {
      throw new IllegalArgumentException("the rate and the pending bound must be at least 1");
    }
    this.perNano = perSecond / 1e9;
    this.burst = Math.max(1, perSecond / 10.0);
    this.maxPending = maxPending;
    this.lastNanos = nowNanos;
  }

  /**
   * Connects to start now, which the caller must start (they are taken from the bucket).
   *
   * @param target connections wanted on this thread
   * @param open connections established (handshaken or not) and still open
   * @param pending connects and handshakes in flight
   */
  int allowed(int target, int open, int pending, long nowNanos) {
    tokens = Math.min(burst, tokens + (nowNanos - lastNanos) * perNano);
    lastNanos = nowNanos;
    int wanted = target - open - pending;
    int room = maxPending - pending;
    int n = (int) Math.min(Math.min(wanted, room), Math.floor(tokens));
    if (n <= 0) {
      return 0;
    }
    tokens -= n;
    return n;
  }
}
