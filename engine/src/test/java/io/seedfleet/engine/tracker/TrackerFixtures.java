package io.seedfleet.engine.tracker;

import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.wire.PeerId;
import java.nio.charset.StandardCharsets;

/** Requests and byte helpers shared by the tracker codec tests. */
final class TrackerFixtures {
  /** 0x00..0x13: every byte below 0x20 must be escaped. */
  static final InfoHash INFO_HASH = InfoHash.of(sequence(0, 20));
  static final PeerId PEER_ID = PeerId.of("-SF0001-abcdefghij~.".getBytes(StandardCharsets.US_ASCII));

  private TrackerFixtures() {}

  static AnnounceRequest request(TrackerEvent event) {
    return new AnnounceRequest(INFO_HASH, PEER_ID, 6881, 100, 200, 300, event, 0x0badf00d, 50, null);
  }

  static byte[] sequence(int from, int count) {
    byte[] bytes = new byte[count];
    for (int i = 0; i < count; i++) {
      bytes[i] = (byte) (from + i);
    }
    return bytes;
  }

  static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }
}
