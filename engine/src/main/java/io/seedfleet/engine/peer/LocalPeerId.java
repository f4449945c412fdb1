package io.seedfleet.engine.peer;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Our 20-byte peer id in Azureus style ({@code -SF0100-} plus 12 random characters), so other
 * clients can show "seedfleet 0.1.0" in their peer lists.
 */
public final class LocalPeerId {
  private static final String PREFIX = "-SF0100-";
  private static final char[] ALPHABET =
      "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray();

  private LocalPeerId() {}

  public static byte[] generate() {
    SecureRandom random = new SecureRandom();
    byte[] id = Arrays.copyOf(PREFIX.getBytes(StandardCharsets.US_ASCII), 20);
    for (int i = PREFIX.length(); i < id.length; i++) {
      id[i] = (byte) ALPHABET[random.nextInt(ALPHABET.length)];
    }
    return id;
  }
}
