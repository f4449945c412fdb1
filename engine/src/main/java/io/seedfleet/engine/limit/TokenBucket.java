package io.seedfleet.engine.limit;

/**
 * A token bucket of bytes: {@code rate} bytes per second flow in, up to {@code burst}; a transfer
 * takes as many tokens as bytes it moves. A rate of 0 means unlimited, and then every call returns
 * at once without taking the lock, so the default costs one volatile read.
 *
 * <p>Refill is exact: the part of a byte earned between calls is kept as a remainder in
 * byte-nanoseconds, so many small refills add up to the same as one large one (no drift).
 *
 * <p>Thread-safe: the network loop and peer actors share one bucket per scope (node or torrent).
 * The clock is monotonic nanoseconds ({@link System#nanoTime()} in production), passed in so that
 * tests drive it.
 */
public final class TokenBucket {
  /** Large enough to cover the biggest request a peer may make (128 KiB), so any block can pass. */
  public static final long MIN_BURST = 128 * 1024;
  /** Caps the burst so that {@code burst * 1e9} fits a long. */
  public static final long MAX_BURST = 1L << 32;

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  /** Bytes per second; 0 = unlimited. Written under the lock, read without it on the fast path. */
  private volatile long rate;
  private long burst; // guarded by this
  /** 0..burst; guarded by this. */
  private long tokens;
  /** Byte-nanoseconds earned but not yet a whole byte, 0..NANOS_PER_SECOND-1; guarded by this. */
  private long remainder;
  private long lastRefillNanos; // guarded by this

  /** A bucket that starts full. {@code burst} is raised to {@link #MIN_BURST} and capped at {@link #MAX_BURST}. */
  public TokenBucket(long rate, long burst, long nowNanos) {
    this.lastRefillNanos = nowNanos;
    setRate(rate, burst, nowNanos);
    this.tokens = this.burst;
  }

  /** A bucket with {@link #defaultBurst} for {@code rate}. */
  public static TokenBucket of(long rate, long nowNanos) {
    return new TokenBucket(rate, defaultBurst(rate), nowNanos);
  }

  /**
   * A fifth of a second's worth, at least {@link #MIN_BURST}: small enough that a measured rate
   * stays within a few per cent of the limit over a few seconds, large enough that a refill is
   * worth a wake-up.
   */
  public static long defaultBurst(long rate) {
    return Math.max(MIN_BURST, rate / 5);
  }

  /**
   * Changes the rate and burst; tokens earned so far at the old rate are kept, up to the new burst.
   * A bucket going from unlimited to limited starts full.
   */
  public synchronized void setRate(long newRate, long newBurst, long nowNanos) {
    if (newRate < 0) {
      throw new IllegalArgumentException("rate must be >= 0, was " + newRate);
    }
    boolean wasUnlimited = rate == 0;
    refill(nowNanos);
    burst = Math.min(MAX_BURST, Math.max(MIN_BURST, newBurst));
    tokens = wasUnlimited ? burst : Math.min(tokens, burst);
    if (tokens == burst) {
      remainder = 0;
    }
    lastRefillNanos = nowNanos;
    rate = newRate;
  }

  public long rate() {
    return rate;
  }

  public boolean isUnlimited() {
    return rate == 0;
  }

  /**
   * Takes between {@code min} and {@code max} tokens, as many as are there, or none when fewer
   * than {@code min} are (then callers wait {@link #nanosUntil}{@code (min)}). {@code min} above
   * the burst counts as the burst, so a request can always eventually pass. Unlimited: {@code max}.
   */
  public long acquire(long max, long min, long nowNanos) {
    if (rate == 0) {
      return max;
    }
    synchronized (this) {
      if (rate == 0) {
        return max;
      }
      refill(nowNanos);
      long floor = Math.max(1, Math.min(Math.min(min, max), burst));
      if (tokens < floor) {
        return 0;
      }
      long granted = Math.min(max, tokens);
      tokens -= granted;
      return granted;
    }
  }

  /** Gives back tokens taken but not used (e.g. a read returned fewer bytes); never above the burst. */
  public void refund(long unused) {
    if (unused <= 0 || rate == 0) {
      return;
    }
    synchronized (this) {
      tokens = Math.min(burst, tokens + unused);
    }
  }

  /** Tokens available now; {@link Long#MAX_VALUE} when unlimited. */
  public synchronized long available(long nowNanos) {
    if (rate == 0) {
      return Long.MAX_VALUE;
    }
    refill(nowNanos);
    return tokens;
  }

  /** How long until {@code bytes} tokens (at most the burst) are there; 0 when they are now or unlimited. */
  public synchronized long nanosUntil(long bytes, long nowNanos) {
    long r = rate;
    if (r == 0) {
      return 0;
    }
    refill(nowNanos);
    long missing = Math.min(bytes, burst) - tokens;
    if (missing <= 0) {
      return 0;
    }
    return ceilDiv(missing * NANOS_PER_SECOND - remainder, r);
  }

  private void refill(long nowNanos) {
    long elapsed = nowNanos - lastRefillNanos;
    if (elapsed <= 0) {
      return;
    }
    lastRefillNanos = nowNanos;
    long r = rate;
    long missing = burst - tokens;
    if (r == 0 || missing <= 0) {
      remainder = 0;
      return;
    }
    // Bounding elapsed by the time to fill keeps elapsed * rate below burst * 1e9 + rate: no overflow.
    long toFill = ceilDiv(missing * NANOS_PER_SECOND - remainder, r);
    if (elapsed >= toFill) {
      tokens = burst;
      remainder = 0;
      return;
    }
    long earned = elapsed * r + remainder;
    tokens += earned / NANOS_PER_SECOND;
    remainder = earned % NANOS_PER_SECOND;
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }

  @Override
  public synchronized String toString() {
    return rate == 0 ? "TokenBucket[unlimited]" : "TokenBucket[" + rate + " B/s, " + tokens + "/" + burst + "]";
  }
}
