package io.seedfleet.engine.dht;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedfleet.engine.bencode.BBytes;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Tokens, the per-IP limiter, the global token bucket and the announced-peer store. */
class SecurityPartsTest {
  private final Random random = new Random(3);

  @Test
  void tokenIsBoundToTheIpAndSurvivesOneRotation() throws Exception {
    InetAddress a = InetAddress.getByName("10.1.1.1");
    InetAddress b = InetAddress.getByName("10.1.1.2");
    TokenManager tokens = new TokenManager(random, 0);
    BBytes token = tokens.tokenFor(a);
    assertThat(token.length()).isEqualTo(TokenManager.TOKEN_LENGTH);
    assertThat(tokens.isValid(token, a)).isTrue();
    assertThat(tokens.isValid(token, b)).isFalse();
    assertThat(tokens.isValid(BBytes.of("12345678"), a)).isFalse();
    tokens.tick(TokenManager.ROTATE_MILLIS);
    assertThat(tokens.isValid(token, a)).as("previous secret accepted").isTrue();
    assertThat(tokens.tokenFor(a)).isNotEqualTo(token);
    tokens.tick(2 * TokenManager.ROTATE_MILLIS);
    assertThat(tokens.isValid(token, a)).as("two rotations later").isFalse();
  }

  @Test
  void floodingIpIsBlockedForThe300Seconds() throws Exception {
    InetAddress flooder = InetAddress.getByName("10.2.2.2");
    InetAddress other = InetAddress.getByName("10.2.2.3");
    IpRateLimiter limiter = IpRateLimiter.defaults();
    int allowed = 0;
    for (int i = 0; i < 100; i++) {
      if (limiter.allow(flooder, 1000)) {
        allowed++;
      }
    }
    assertThat(allowed).isEqualTo(10);
    assertThat(limiter.isBlocked(flooder, 1000)).isTrue();
    assertThat(limiter.allow(other, 1000)).isTrue();
    assertThat(limiter.allow(flooder, 1000 + 299_999)).isFalse();
    assertThat(limiter.allow(flooder, 1000 + 300_000)).isTrue();
  }

  @Test
  void steadyRateWithinTheLimitIsNeverBlocked() throws Exception {
    InetAddress polite = InetAddress.getByName("10.2.2.4");
    IpRateLimiter limiter = IpRateLimiter.defaults();
    for (int i = 0; i < 1000; i++) {
      assertThat(limiter.allow(polite, i * 250L)).isTrue(); // 4 per second
    }
  }

  @Test
  void tokenBucketRefillsAtItsRate() {
    TokenBucket bucket = new TokenBucket(10, 2, 0);
    assertThat(bucket.tryTake(0)).isTrue();
    assertThat(bucket.tryTake(0)).isTrue();
    assertThat(bucket.tryTake(0)).isFalse();
    assertThat(bucket.tryTake(100)).isTrue();
    assertThat(bucket.tryTake(100)).isFalse();
  }

  @Test
  void peerStoreCapsAndExpires() {
    PeerStore store = new PeerStore(2, 3);
    NodeId h1 = NodeId.random(random);
    NodeId h2 = NodeId.random(random);
    for (int i = 1; i <= 5; i++) {
      assertThat(store.announce(h1, new InetSocketAddress("10.3.3.3", i), 0)).isTrue();
    }
    assertThat(store.peers(h1, 100, 0, random)).as("oldest dropped")
        .containsExactlyInAnyOrder(new InetSocketAddress("10.3.3.3", 3), new InetSocketAddress("10.3.3.3", 4),
            new InetSocketAddress("10.3.3.3", 5));
    assertThat(store.peers(h1, 2, 0, random)).hasSize(2);
    assertThat(store.announce(h2, new InetSocketAddress("10.3.3.4", 1), 0)).isTrue();
    assertThat(store.announce(NodeId.random(random), new InetSocketAddress("10.3.3.5", 1), 0)).as("full").isFalse();
    assertThat(store.peers(h1, 100, PeerStore.EXPIRE_MILLIS, random)).isEmpty();
    assertThat(store.announce(NodeId.random(random), new InetSocketAddress("10.3.3.5", 1), PeerStore.EXPIRE_MILLIS))
        .as("expired entries make room").isTrue();
  }
}
