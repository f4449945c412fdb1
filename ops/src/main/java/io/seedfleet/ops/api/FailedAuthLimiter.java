package io.seedfleet.ops.api;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts failed authentications per client and bans a client that fails too often, so a token
 * cannot be guessed by brute force. Memory is bounded: the oldest clients are forgotten first.
 */
final class FailedAuthLimiter {
  private static final int MAX_CLIENTS = 10_000;

  private final int maxFailures;
  private final long banNanos;
  private final Map<String, Record> clients = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Record> eldest) {
      return size() > MAX_CLIENTS;
    }
  };

  private static final class Record {
    int failures;
    long windowStartNanos;
    long bannedUntilNanos;
  }

  FailedAuthLimiter(int maxFailures, Duration ban) {
    this.maxFailures = maxFailures;
    this.banNanos = ban.toNanos();
  }

  synchronized boolean isBanned(String client, long nowNanos) {
    Record r = clients.get(client);
    return r != null && r.bannedUntilNanos != 0 && nowNanos - r.bannedUntilNanos < 0;
  }

  /** Records a failure; returns true when it got the client banned. */
  synchronized boolean failed(String client, long nowNanos) {
    Record r = clients.computeIfAbsent(client, c -> new Record());
    if (r.failures == 0 || nowNanos - r.windowStartNanos > banNanos) {
      r.failures = 0;
      r.windowStartNanos = nowNanos;
    }
    r.failures++;
    if (r.failures >= maxFailures) {
      r.bannedUntilNanos = nowNanos + banNanos;
      r.failures = 0;
      return true;
    }
    return false;
  }

  synchronized void succeeded(String client) {
    Record r = clients.get(client);
    if (r != null && r.bannedUntilNanos == 0) {
      clients.remove(client);
    }
  }
}
