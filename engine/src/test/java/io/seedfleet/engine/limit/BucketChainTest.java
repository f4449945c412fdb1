package io.seedfleet.engine.limit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BucketChainTest {
  private static final long SECOND = 1_000_000_000L;
  private static final long KIB = 1024;

  @Test
  void theSmallerBucketDecidesAndTheOtherKeepsWhatWasNotUsed() {
    TokenBucket global = new TokenBucket(1000 * KIB, 1000 * KIB, 0);
    TokenBucket torrent = new TokenBucket(200 * KIB, 200 * KIB, 0);
    BucketChain chain = new BucketChain(global, torrent);
    assertThat(chain.acquire(1 << 20, 16 * KIB, 0)).isEqualTo(200 * KIB);
    assertThat(global.available(0)).isEqualTo(800 * KIB);
    assertThat(torrent.available(0)).isZero();
  }

  @Test
  void aRefusalByTheInnerBucketLeaksNoOuterTokens() {
    TokenBucket global = new TokenBucket(1000 * KIB, 1000 * KIB, 0);
    TokenBucket torrent = new TokenBucket(200 * KIB, 200 * KIB, 0);
    torrent.acquire(200 * KIB, 1, 0);
    BucketChain chain = new BucketChain(global, torrent);
    assertThat(chain.acquire(64 * KIB, 16 * KIB, 0)).isZero();
    assertThat(global.available(0)).isEqualTo(1000 * KIB);
  }

  @Test
  void waitsForTheSlowerBucket() {
    TokenBucket global = new TokenBucket(1000 * KIB, 200 * KIB, 0);
    TokenBucket torrent = new TokenBucket(100 * KIB, 200 * KIB, 0);
    global.acquire(200 * KIB, 1, 0);
    torrent.acquire(200 * KIB, 1, 0);
    BucketChain chain = new BucketChain(global, torrent);
    assertThat(chain.nanosUntil(16 * KIB, 0)).isEqualTo(16 * SECOND / 100);
  }

  @Test
  void refundsGoBackToBoth() {
    TokenBucket global = new TokenBucket(1000 * KIB, 1000 * KIB, 0);
    TokenBucket torrent = new TokenBucket(500 * KIB, 500 * KIB, 0);
    BucketChain chain = new BucketChain(global, torrent);
    long granted = chain.acquire(300 * KIB, 1, 0);
    chain.refund(granted - 100 * KIB);
    assertThat(global.available(0)).isEqualTo(900 * KIB);
    assertThat(torrent.available(0)).isEqualTo(400 * KIB);
  }

  @Test
  void anUnlimitedChainGrantsEverything() {
    BucketChain chain = BucketChain.unlimited();
    assertThat(chain.isUnlimited()).isTrue();
    assertThat(chain.acquire(1 << 20, 1, 0)).isEqualTo(1 << 20);
  }

  @Test
  void aScopeChangesItsBucketsInPlace() {
    LimitScope node = new LimitScope(Limits.unlimitedRates(100), 0);
    LimitScope torrent = new LimitScope(new Limits(0, 300 * KIB, 10), 0);
    BucketChain download = torrent.downloadWithin(node);
    assertThat(download.isUnlimited()).isFalse();
    torrent.set(Limits.unlimitedRates(10), SECOND);
    assertThat(download.isUnlimited()).isTrue();
    node.set(new Limits(1000 * KIB, 0, 5), SECOND);
    assertThat(torrent.uploadWithin(node).isUnlimited()).isFalse();
    assertThat(node.maxConnections()).isEqualTo(5);
  }
}
