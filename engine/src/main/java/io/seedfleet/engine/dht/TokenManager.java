package io.seedfleet.engine.dht;

import io.seedfleet.engine.bencode.BBytes;
import java.net.InetAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * get_peers tokens: the first {@link #TOKEN_LENGTH} bytes of SHA-1(secret | IP). The secret
 * rotates every {@link #ROTATE_MILLIS}; tokens made with the previous secret stay valid, so a token
 * lives 5 to 10 minutes. The caller drives time.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0005.html">BEP 5</a>
 */
public final class TokenManager {
  public static final int TOKEN_LENGTH = 8;
  public static final long ROTATE_MILLIS = 5 * 60_000L;
  private static final int SECRET_LENGTH = 16;

  private final RandomGenerator random;
  private byte[] current;
  private byte[] previous;
  private long rotatedAt;

  public TokenManager(RandomGenerator random, long now) {
    this.random = random;
    this.current = newSecret();
    this.previous = newSecret();
    this.rotatedAt = now;
  }

  /** Rotates the secret when it is due. */
  public void tick(long now) {
    if (now - rotatedAt >= ROTATE_MILLIS) {
      previous = current;
      current = newSecret();
      rotatedAt = now;
    }
  }

  public BBytes tokenFor(InetAddress address) {
    return BBytes.of(token(current, address));
  }

  public boolean isValid(BBytes token, InetAddress address) {
    byte[] t = token.bytes();
    return MessageDigest.isEqual(t, token(current, address)) || MessageDigest.isEqual(t, token(previous, address));
  }

  private byte[] newSecret() {
    byte[] s = new byte[SECRET_LENGTH];
    random.nextBytes(s);
    return s;
  }

  private static byte[] token(byte[] secret, InetAddress address) {
    try {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      sha1.update(secret);
      sha1.update(address.getAddress());
      return Arrays.copyOf(sha1.digest(), TOKEN_LENGTH);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-1", e);
    }
  }
}
