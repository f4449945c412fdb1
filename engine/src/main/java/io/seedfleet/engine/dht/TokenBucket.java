package io.seedfleet.engine.dht;

/** A token bucket: {@code ratePerSecond} tokens refill per second up to {@code burst}. */
public final class TokenBucket {
  private final double ratePerMilli;
  private final double burst;
  private double tokens;
  private long lastRefill;

  public TokenBucket(double ratePerSecond, double burst, long now) {
    this.ratePerMilli = ratePerSecond / 1000.0;
    this.burst = burst;
    this.tokens = burst;
    this.lastRefill = now;
  }

  /** Takes one token if there is one. */
  public boolean tryTake(long now) {
    if (now > lastRefill) {
      tokens = Math.min(burst, tokens + (now - lastRefill) * ratePerMilli);
      lastRefill = now;
    }
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
