package io.seedfleet.engine.limit;

/**
 * The live limits of one scope (the node or a torrent): an upload and a download bucket and the
 * connection cap. Changing them takes effect at once for every connection holding the buckets.
 * Thread-safe.
 */
public final class LimitScope {
  private final TokenBucket upload;
  private final TokenBucket download;
  private volatile Limits limits;

  public LimitScope(Limits limits, long nowNanos) {
    this.upload = TokenBucket.of(limits.uploadRate(), nowNanos);
    this.download = TokenBucket.of(limits.downloadRate(), nowNanos);
    this.limits = limits;
  }

  public synchronized void set(Limits newLimits, long nowNanos) {
    upload.setRate(newLimits.uploadRate(), TokenBucket.defaultBurst(newLimits.uploadRate()), nowNanos);
    download.setRate(newLimits.downloadRate(), TokenBucket.defaultBurst(newLimits.downloadRate()), nowNanos);
    limits = newLimits;
  }

  public Limits limits() {
    return limits;
  }

  public int maxConnections() {
    return limits.maxConnections();
  }

  public TokenBucket upload() {
    return upload;
  }

  public TokenBucket download() {
    return download;
  }

  /** Upload tokens of this scope within {@code outer} (the node's scope for a torrent). */
  public BucketChain uploadWithin(LimitScope outer) {
    return new BucketChain(outer.upload, upload);
  }

  public BucketChain downloadWithin(LimitScope outer) {
    return new BucketChain(outer.download, download);
  }
}
