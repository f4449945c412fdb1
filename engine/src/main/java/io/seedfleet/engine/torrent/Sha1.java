package io.seedfleet.engine.torrent;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-1 over a heap array (the JDK's intrinsic runs on arrays without an extra copy). */
final class Sha1 {
  private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-1", e);
    }
  });

  private Sha1() {}

  static byte[] of(byte[] data, int length) {
    MessageDigest digest = DIGEST.get();
    digest.reset();
    digest.update(data, 0, length);
    return digest.digest();
  }
}
