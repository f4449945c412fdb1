package io.seedfleet.engine.trackerd;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A token bucket per source IP: {@code burst} requests at once, refilled at {@code perSecond}.
 * At most {@code maxTracked} IPs are remembered; when full, idle IPs (full buckets) are forgotten,
 * and if none is idle, new IPs are refused until some are, so a flood from spoofed addresses costs
 * bounded memory. Not thread-safe: one server thread owns it.
 */
public final class RateLimiter {
  private final double perSecond;
  private final double burst;
  private final int maxTracked;
  private final LongSupplier nowNanos;
  private final Map<InetAddress, Bucket> buckets = new HashMap<>();

  public RateLimiter(double perSecond, int burst, int maxTracked, LongSupplier nowNanos) {
    if (perSecond <= 0 || burst < 1 || maxTracked < 1) {
      throw new IllegalArgumentException("rate, burst and table size must be positive");
    }
    this.perSecond = perSecond;
    this.burst = burst;
    this.maxTracked = maxTracked;
    this.nowNanos = nowNanos;
  }

  /** True when {@code ip} may send one more request now (and counts it). */
  public boolean tryAcquire(InetAddress ip) {
    long now = nowNanos.getAsLong();
    Bucket bucket = buckets.get(ip);
    if (bucket == null) {
      if (buckets.size() >= maxTracked) {
        buckets.values().removeIf(b -> b.refill(now) >= burst);
        if (buckets.size() >= maxTracked) {
          return false;
        }
      }
      bucket = new Bucket(burst, now);
      buckets.put(ip, bucket);
    }
    if (bucket.refill(now) < 1) {
      return false;
    }
    bucket.tokens -= 1;
    return true;
  }

  public int trackedCount() {
    return buckets.size();
  }

  private final class Bucket {
    double tokens;
    long lastNanos;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.lastNanos = now;
    }

    double refill(long now) {
      tokens = Math.min(burst, tokens + (now - lastNanos) / 1e9 * perSecond);
      lastNanos = now;
      return tokens;
    }
  }
}
