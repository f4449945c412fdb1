package io.seedfleet.engine.wire;

import io.seedfleet.engine.metainfo.InfoHash;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Encodes and decodes the handshake.
 *
 * <pre>
 *  0      1                    20        28          48        68
 * +------+--------------------+---------+-----------+---------+
 * | 19   | "BitTorrent        | reserved| info_hash | peer_id |
 * |      |  protocol"         | 8 bytes | 20 bytes  | 20 bytes|
 * +------+--------------------+---------+-----------+---------+
 * </pre>
 */
public final class HandshakeCodec {
  public static final int LENGTH = 68;
  private static final byte[] PROTOCOL = "BitTorrent protocol".getBytes(StandardCharsets.US_ASCII);

  private HandshakeCodec() {}

  /** A decoded handshake, or why there is none; {@code needMore} when fewer than 68 bytes were given. */
  public record Result(Handshake handshake, boolean needMore, String error) {}

  public static void encode(Handshake handshake, ByteBuffer out) {
    out.put((byte) PROTOCOL.length).put(PROTOCOL).putLong(handshake.reserved().bits())
        .put(handshake.infoHash().bytes()).put(handshake.peerId());
  }

  /**
   * Decodes a handshake from {@code in} without consuming it unless complete: when 68 bytes are
   * there, they are consumed and the handshake returned.
   */
  public static Result decode(ByteBuffer in) {
    int start = in.position();
    int available = in.remaining();
    if (available >= 1 && in.get(start) != PROTOCOL.length) {
      return new Result(null, false, "protocol name length " + (in.get(start) & 0xff) + ", expected 19");
    }
    for (int i = 0; i < PROTOCOL.length && i + 1 < available; i++) {
      if (in.get(start + 1 + i) != PROTOCOL[i]) {
        return new Result(null, false, "not the BitTorrent protocol");
      }
    }
    if (available < LENGTH) {
      return new Result(null, true, null);
    }
    in.position(start + 1 + PROTOCOL.length);
    ReservedBits reserved = new ReservedBits(in.getLong());
    byte[] infoHash = new byte[InfoHash.LENGTH];
    in.get(infoHash);
    byte[] peerId = new byte[20];
    in.get(peerId);
    return new Result(new Handshake(reserved, InfoHash.of(infoHash), peerId), false, null);
  }
}
