package io.seedfleet.engine.trackerd;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * UDP tracker connection ids without per-connection state: an id is a keyed hash of the client's
 * address and port and of the current time window, so only the client that asked can present it,
 * and it stops being valid by itself. Ids from the current and the previous window are accepted,
 * so every id is valid for at least one window (2 minutes), as BEP 15 asks of trackers.
 */
public final class ConnectionIds {
  static final long WINDOW_MILLIS = 120_000;

  private final LongSupplier nowMillis;
  private final Mac mac;

  public ConnectionIds(byte[] key, LongSupplier nowMillis) {
    this.nowMillis = nowMillis;
    try {
      this.mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.clone(), "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /** Ids under a fresh random key on the wall clock: a restart invalidates old ids, as it should. */
  public static ConnectionIds create() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return new ConnectionIds(key, System::currentTimeMillis);
  }

  public synchronized long issue(InetSocketAddress client) {
    return id(client, window());
  }

  public synchronized boolean isValid(long connectionId, InetSocketAddress client) {
    long window = window();
    return connectionId == id(client, window) || connectionId == id(client, window - 1);
  }

  private long window() {
    return Math.floorDiv(nowMillis.getAsLong(), WINDOW_MILLIS);
  }

  private long id(InetSocketAddress client, long window) {
    byte[] address = client.getAddress() == null ? new byte[0] : client.getAddress().getAddress();
    mac.update(ByteBuffer.allocate(8 + 4).putLong(window).putInt(client.getPort()).array());
    mac.update(address);
    return ByteBuffer.wrap(mac.doFinal()).getLong();
  }
}
