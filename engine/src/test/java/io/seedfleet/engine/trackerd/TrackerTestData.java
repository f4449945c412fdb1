package io.seedfleet.engine.trackerd;

import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.wire.PeerId;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** Small builders for tracker tests. */
final class TrackerTestData {
  private TrackerTestData() {}

  static InfoHash hash(int n) {
    byte[] bytes = new byte[20];
    Arrays.fill(bytes, (byte) n);
    return InfoHash.of(bytes);
  }

  static PeerId peerId(int n) {
    byte[] bytes = "-XX0001-000000000000".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    bytes[19] = (byte) n;
    return PeerId.of(bytes);
  }

  static InetSocketAddress v4(int lastOctet, int port) {
    return new InetSocketAddress(address("10.0.0." + lastOctet), port);
  }

  static InetSocketAddress v6(int last, int port) {
    return new InetSocketAddress(address("2001:db8::" + Integer.toHexString(last)), port);
  }

  static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  static AnnounceRequest announce(InfoHash hash, int peer, InetSocketAddress address, long left, AnnounceEvent event,
      int numwant) {
    return new AnnounceRequest(hash, peerId(peer), address, 0, 0, left, event, numwant);
  }

  /** A clock tests move by hand. */
  static final class ManualClock implements java.util.function.LongSupplier {
    long millis = 1_000_000;

    void advance(java.time.Duration d) {
      millis += d.toMillis();
    }

    @Override
    public long getAsLong() {
      return millis;
    }
  }
}
