package io.seedfleet.engine.peer;

import io.seedfleet.engine.limit.BucketChain;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Upload tokens for one connection's piece payload (the node's and the torrent's buckets). Only
 * payload is limited, like libtorrent: protocol messages never wait. Owned by the connection actor.
 */
final class UploadTokens {
  /** Unlimited: one batch as large as the connection's own bound allows. */
  static final int UNLIMITED_BATCH_BYTES = 1 << 20;
  /** Under a limit one peer takes at most this much at a time, so that peers share the tokens. */
  private static final int LIMITED_BATCH_BYTES = 128 * 1024;
  private static final long MIN_WAIT_NANOS = Duration.ofMillis(5).toNanos();
  /** Caps a wait computed at the old rate so that a raised limit takes effect soon. */
  private static final long MAX_WAIT_NANOS = Duration.ofMillis(250).toNanos();

  private final BucketChain limit;
  private boolean wakeUpPending;

  UploadTokens(BucketChain limit) {
    this.limit = limit;
  }

  /**
   * Tokens for the next batch: at least {@code nextLength} (the next request), at most a share.
   * None: {@code wakeAfter} is called once with the time until the next request's worth is back,
   * and further calls return 0 until {@link #wokeUp}.
   */
  long take(int nextLength, Consumer<Duration> wakeAfter) {
    if (limit.isUnlimited()) {
      return UNLIMITED_BATCH_BYTES;
    }
    if (wakeUpPending) {
      return 0;
    }
    long now = System.nanoTime();
    long granted = limit.acquire(LIMITED_BATCH_BYTES, nextLength, now);
    if (granted == 0) {
      wakeUpPending = true;
      long wait = Math.max(MIN_WAIT_NANOS, Math.min(MAX_WAIT_NANOS, limit.nanosUntil(nextLength, now)));
      wakeAfter.accept(Duration.ofNanos(wait));
    }
    return granted;
  }

  void wokeUp() {
    wakeUpPending = false;
  }

  /** Gives back tokens the batch did not need. */
  void unused(long tokens) {
    limit.refund(tokens);
  }
}
