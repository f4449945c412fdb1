package io.seedfleet.engine.limit;

/**
 * Two buckets a transfer must satisfy both of, e.g. the node's and its torrent's. Tokens come from
 * the outer bucket first and whatever the inner one refuses goes back, so a refusal leaks nothing.
 * Buckets are locked one after the other, never nested, so chains sharing buckets cannot deadlock.
 */
public final class BucketChain {
  private static final BucketChain UNLIMITED = new BucketChain(new TokenBucket(0, 0, 0), new TokenBucket(0, 0, 0));

  private final TokenBucket outer;
  private final TokenBucket inner;

  public BucketChain(TokenBucket outer, TokenBucket inner) {
    this.outer = outer;
    this.inner = inner;
  }

  /** A chain that always grants everything. */
  public static BucketChain unlimited() {
    return UNLIMITED;
  }

  /** True while both buckets are unlimited: callers skip the clock read and the locks. */
  public boolean isUnlimited() {
    return outer.isUnlimited() && inner.isUnlimited();
  }

  /** As {@link TokenBucket#acquire}: between {@code min} and {@code max} tokens from both, or 0. */
  public long acquire(long max, long min, long nowNanos) {
    long fromOuter = outer.acquire(max, min, nowNanos);
    if (fromOuter == 0) {
      return 0;
    }
    long fromInner = inner.acquire(fromOuter, min, nowNanos);
    if (fromInner < fromOuter) {
      outer.refund(fromOuter - fromInner);
    }
    return fromInner;
  }

  /** Returns unused tokens to both buckets. */
  public void refund(long unused) {
    outer.refund(unused);
    inner.refund(unused);
  }

  /** How long until both buckets hold {@code bytes} (each at most its burst). */
  public long nanosUntil(long bytes, long nowNanos) {
    return Math.max(outer.nanosUntil(bytes, nowNanos), inner.nanosUntil(bytes, nowNanos));
  }
}
