package io.seedfleet.engine.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The clock is a plain long: every test moves it by hand. */
class TokenBucketTest {
  private static final long SECOND = 1_000_000_000L;
  private static final long KIB = 1024;

  @Test
  void startsFullAndRefusesWhenEmpty() {
    TokenBucket bucket = new TokenBucket(1000 * KIB, 200 * KIB, 0);
    assertThat(bucket.acquire(1 << 20, 16 * KIB, 0)).isEqualTo(200 * KIB);
    assertThat(bucket.acquire(1 << 20, 16 * KIB, 0)).isZero();
  }

  @Test
  void refillsAtTheRateUpToTheBurst() {
    TokenBucket bucket = new TokenBucket(1000 * KIB, 200 * KIB, 0);
    bucket.acquire(200 * KIB, 1, 0);
    assertThat(bucket.available(SECOND / 10)).isEqualTo(100 * KIB);
    assertThat(bucket.available(10 * SECOND)).isEqualTo(200 * KIB);
  }

  @Test
  void grantsNothingBelowTheMinimumButEverythingAboveIt() {
    TokenBucket bucket = new TokenBucket(1000 * KIB, 200 * KIB, 0);
    bucket.acquire(200 * KIB - 10 * KIB, 1, 0); // 10 KiB left
    assertThat(bucket.acquire(64 * KIB, 16 * KIB, 0)).isZero();
    assertThat(bucket.acquire(64 * KIB, 8 * KIB, 0)).isEqualTo(10 * KIB);
  }

  @Test
  void manySmallRefillsAddUpExactlyWithoutDrift() {
    long rate = 1_000_003; // not a divisor of a second's nanos: every step leaves a remainder
    TokenBucket bucket = new TokenBucket(rate, TokenBucket.MAX_BURST, 0);
    bucket.acquire(TokenBucket.MAX_BURST, 1, 0);
    long taken = 0;
    long now = 0;
    for (int i = 0; i < 100_000; i++) {
      now += 7_777; // 7.777 us steps, 0.7777 s in all
      taken += bucket.acquire(Long.MAX_VALUE, 1, now);
    }
    assertThat(taken).isEqualTo(now * rate / SECOND);
  }

  @Test
  void tellsHowLongUntilEnoughTokens() {
    TokenBucket bucket = new TokenBucket(1000 * KIB, 200 * KIB, 0);
    bucket.acquire(200 * KIB, 1, 0);
    long wait = bucket.nanosUntil(16 * KIB, 0);
    assertThat(wait).isEqualTo(16 * SECOND / 1000);
    assertThat(bucket.acquire(16 * KIB, 16 * KIB, wait - 1)).isZero();
    assertThat(bucket.acquire(16 * KIB, 16 * KIB, wait)).isEqualTo(16 * KIB);
  }

  @Test
  void waitsAtMostForAFullBurstEvenWhenMoreIsAsked() {
    TokenBucket bucket = new TokenBucket(1000 * KIB, 200 * KIB, 0);
    bucket.acquire(200 * KIB, 1, 0);
    assertThat(bucket.nanosUntil(10 << 20, 0)).isEqualTo(200 * SECOND / 1000);
    assertThat(bucket.acquire(10 << 20, 10 << 20, 200 * SECOND / 1000)).isEqualTo(200 * KIB);
  }

  @Test
  void refundsNeverRaiseTheBucketAboveItsBurst() {
    TokenBucket bucket = new TokenBucket(1000 * KIB, 200 * KIB, 0);
    long granted = bucket.acquire(64 * KIB, 1, 0);
    bucket.refund(granted + 1_000_000);
    assertThat(bucket.available(0)).isEqualTo(200 * KIB);
  }

  @Test
  void unlimitedGrantsEverythingAndNeverWaits() {
    TokenBucket bucket = new TokenBucket(0, 0, 0);
    assertThat(bucket.isUnlimited()).isTrue();
    assertThat(bucket.acquire(1L << 40, 1L << 40, 0)).isEqualTo(1L << 40);
    assertThat(bucket.nanosUntil(1L << 40, 0)).isZero();
    assertThat(bucket.available(0)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void changingTheRateKeepsEarnedTokensAndAppliesFromNowOn() {
    TokenBucket bucket = new TokenBucket(1000 * KIB, 200 * KIB, 0);
    bucket.acquire(200 * KIB, 1, 0);
    bucket.setRate(100 * KIB, 200 * KIB, SECOND / 10); // 100 KiB earned at the old rate
    assertThat(bucket.available(SECOND / 10)).isEqualTo(100 * KIB);
    assertThat(bucket.available(SECOND / 10 + SECOND / 2)).isEqualTo(150 * KIB);
  }

  @Test
  void fromUnlimitedToLimitedStartsWithAFullBurstAndBack() {
    TokenBucket bucket = new TokenBucket(0, 0, 0);
    bucket.setRate(500 * KIB, 256 * KIB, 5 * SECOND);
    assertThat(bucket.available(5 * SECOND)).isEqualTo(256 * KIB);
    bucket.setRate(0, 0, 6 * SECOND);
    assertThat(bucket.acquire(1 << 30, 1, 6 * SECOND)).isEqualTo(1 << 30);
  }

  @Test
  void theBurstIsAtLeastTheLargestBlockRequest() {
    TokenBucket bucket = new TokenBucket(1000, 1, 0);
    assertThat(bucket.acquire(1 << 20, 128 * KIB, 0)).isEqualTo(TokenBucket.MIN_BURST);
    assertThat(TokenBucket.defaultBurst(10 << 20)).isEqualTo(2 << 20);
  }

  @Test
  void rejectsNegativeRates() {
    assertThatThrownBy(() -> new TokenBucket(-1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void concurrentTakersNeverGetMoreThanWasEarned() throws Exception {
    long rate = 1 << 20;
    TokenBucket bucket = new TokenBucket(rate, 256 * KIB, 0);
    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Long>> results = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      results.add(pool.submit(() -> {
        start.await();
        long sum = 0;
        for (long now = 0; now <= 2 * SECOND; now += SECOND / 1000) {
          sum += bucket.acquire(16 * KIB, 1, now);
        }
        return sum;
      }));
    }
    start.countDown();
    long total = 0;
    for (Future<Long> f : results) {
      total += f.get();
    }
    pool.shutdown();
    // The burst plus two seconds' worth at most, whatever the interleaving of the clocks.
    assertThat(total).isLessThanOrEqualTo(256 * KIB + 2 * rate);
  }
}
