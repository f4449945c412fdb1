package io.seedfleet.engine.torrent;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-1 of an assembled piece, with the JDK's intrinsic (as fast over a direct buffer as over an array). */
final class Sha1 {
  private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-1", e);
    }
  });

  private Sha1() {}

  /** The digest of {@code data}'s remaining bytes; its position is left unchanged. */
  static byte[] of(ByteBuffer data) {
    MessageDigest digest = DIGEST.get();
    digest.reset();
    digest.update(data.duplicate());
    return digest.digest();
  }
}
