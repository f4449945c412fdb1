package io.seedfleet.engine.dht;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-IP limit on incoming queries: a token bucket per address ({@code ratePerSecond} with
 * {@code burst}); an address that empties its bucket is ignored entirely for {@code blockMillis}.
 * Memory is bounded: at most {@code maxTracked} addresses, the least recently seen forgotten first.
 */
public final class IpRateLimiter {
  private final double ratePerSecond;
  private final double burst;
  private final long blockMillis;
  private final int maxTracked;
  private final LinkedHashMap<InetAddress, TokenBucket> buckets;
  private final Map<InetAddress, Long> blockedUntil = new HashMap<>();

  public IpRateLimiter(double ratePerSecond, double burst, long blockMillis, int maxTracked) {
    this.ratePerSecond = ratePerSecond;
    this.burst = burst;
    this.blockMillis = blockMillis;
    this.maxTracked = maxTracked;
    this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<InetAddress, TokenBucket> eldest) {
        return size() > IpRateLimiter.this.maxTracked;
      }
    };
  }

  /** libtorrent's figures: 5 queries/s per IP, burst 10, offenders blocked for 300 s. */
  public static IpRateLimiter defaults() {
    return new IpRateLimiter(5, 10, 300_000, 10_000);
  }

  /** True when a query from {@code address} may be answered now. */
  public boolean allow(InetAddress address, long now) {
    Long until = blockedUntil.get(address);
    if (until != null) {
      if (now < until) {
        return false;
      }
      blockedUntil.remove(address);
    }
    TokenBucket bucket = buckets.computeIfAbsent(address, a -> new TokenBucket(ratePerSecond, burst, now));
    if (bucket.tryTake(now)) {
      return true;
    }
    if (blockedUntil.size() >= maxTracked) {
      blockedUntil.values().removeIf(t -> t <= now);
    }
    if (blockedUntil.size() < maxTracked) {
      blockedUntil.put(address, now + blockMillis);
    }
    buckets.remove(address);
    return false;
  }

  public boolean isBlocked(InetAddress address, long now) {
    Long until = blockedUntil.get(address);
    return until != null && now < until;
  }
}
