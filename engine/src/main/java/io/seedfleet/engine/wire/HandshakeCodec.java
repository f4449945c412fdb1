package io.seedfleet.engine.wire;

import io.seedfleet.engine.metainfo.InfoHash;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Encodes and decodes the BitTorrent handshake.
 *
 * <pre>
 * offset 0     1                       20             28               48             68
 *        +-----+-----------------------+--------------+----------------+--------------+
 *        | 19  | "BitTorrent protocol" | reserved (8) | info-hash (20) | peer id (20) |
 *        +-----+-----------------------+--------------+----------------+--------------+
 *        |&lt;----------------------- header: 48 bytes ------------------&gt;|
 * </pre>
 *
 * <p>Decoding is incremental: with too few bytes a decode returns {@link HandshakeResult.NeedMore}
 * and consumes nothing, so the caller can retry once more bytes arrive. The bytes already present
 * are checked at once, so a wrong protocol fails on its first byte rather than after a slow peer
 * has trickled 68 bytes. An inbound listener calls {@link #decodeHeader} to route by info-hash (and
 * may answer with its own handshake) before {@link #decodePeerId}; an outbound connection simply
 * calls {@link #decode}.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0003.html">BEP 3</a>
 */
public final class HandshakeCodec {
  /** The length of a full handshake. */
  public static final int LENGTH = 68;

  /** The length of the part before the peer id. */
  public static final int HEADER_LENGTH = 48;

  private static final byte[] PROTOCOL = "BitTorrent protocol".getBytes(StandardCharsets.US_ASCII);
  private static final int RESERVED_OFFSET = 1 + 19;
  private static final int INFO_HASH_OFFSET = RESERVED_OFFSET + 8;

  private HandshakeCodec() {}

  /**
   * Writes the 68-byte handshake at {@code out}'s position.
   *
   * @throws BufferOverflowException if fewer than 68 bytes remain (nothing is written)
   */
  public static void encode(Handshake handshake, ByteBuffer out) {
    if (out.remaining() < LENGTH) {
      throw new BufferOverflowException();
    }
    out.put((byte) PROTOCOL.length).put(PROTOCOL);
    BigEndian.putLong(out, handshake.reserved().bits());
    out.put(handshake.infoHash().bytes());
    out.put(handshake.peerId().bytes());
  }

  /** Decodes a full handshake, consuming 68 bytes on success. */
  public static HandshakeResult<Handshake> decode(ByteBuffer in) {
    HandshakeResult.Failure<Handshake> failure = checkProtocol(in);
    if (failure != null) {
      return failure;
    }
    if (in.remaining() < LENGTH) {
      return new HandshakeResult.NeedMore<>(LENGTH - in.remaining());
    }
    Handshake.Header header = readHeader(in);
    return new HandshakeResult.Decoded<>(header.withPeerId(readPeerId(in)));
  }

  /** Decodes the first 48 bytes (up to and including the info-hash), consuming them on success. */
  public static HandshakeResult<Handshake.Header> decodeHeader(ByteBuffer in) {
    HandshakeResult.Failure<Handshake.Header> failure = checkProtocol(in);
    if (failure != null) {
      return failure;
    }
    if (in.remaining() < HEADER_LENGTH) {
      return new HandshakeResult.NeedMore<>(HEADER_LENGTH - in.remaining());
    }
    return new HandshakeResult.Decoded<>(readHeader(in));
  }

  /** Decodes the 20-byte peer id that follows a header, consuming it on success. Never fails. */
  public static HandshakeResult<PeerId> decodePeerId(ByteBuffer in) {
    if (in.remaining() < PeerId.LENGTH) {
      return new HandshakeResult.NeedMore<>(PeerId.LENGTH - in.remaining());
    }
    return new HandshakeResult.Decoded<>(readPeerId(in));
  }

  /** Checks the protocol bytes already present; null when they are right so far. */
  private static <T> HandshakeResult.Failure<T> checkProtocol(ByteBuffer in) {
    int start = in.position();
    if (!in.hasRemaining()) {
      return null;
    }
    int length = in.get(start) & 0xFF;
    if (length != PROTOCOL.length) {
      return new HandshakeResult.Failure<>(
          HandshakeError.WRONG_PROTOCOL_LENGTH,
          "protocol string length " + length + ", expected " + PROTOCOL.length);
    }
    int available = Math.min(in.remaining() - 1, PROTOCOL.length);
    for (int i = 0; i < available; i++) {
      if (in.get(start + 1 + i) != PROTOCOL[i]) {
        byte[] got = new byte[available];
        in.get(start + 1, got);
        return new HandshakeResult.Failure<>(
            HandshakeError.WRONG_PROTOCOL,
            "protocol string 0x" + HexFormat.of().formatHex(got) + " is not 'BitTorrent protocol'");
      }
    }
    return null;
  }

  /** Reads the checked 48-byte header at the position and advances past it. */
  private static Handshake.Header readHeader(ByteBuffer in) {
    int start = in.position();
    ReservedBits reserved = new ReservedBits(BigEndian.getLong(in, start + RESERVED_OFFSET));
    byte[] infoHash = new byte[InfoHash.LENGTH];
    in.get(start + INFO_HASH_OFFSET, infoHash);
    in.position(start + HEADER_LENGTH);
    return new Handshake.Header(reserved, InfoHash.of(infoHash));
  }

  private static PeerId readPeerId(ByteBuffer in) {
    byte[] id = new byte[PeerId.LENGTH];
    in.get(id);
    return PeerId.owning(id);
  }
}
