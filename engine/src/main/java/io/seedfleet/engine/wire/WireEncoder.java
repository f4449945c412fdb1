package io.seedfleet.engine.wire;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;

/**
 * Writes {@link PeerMessage}s as length-prefixed frames (see {@link WireDecoder} for the layout).
 * Stateless. The output buffer's byte order does not matter: fields are always big-endian.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0003.html">BEP 3</a>
 */
public final class WireEncoder {
  /** The bytes before a PIECE's block: length prefix, id, index, begin. */
  public static final int PIECE_HEADER_LENGTH = 13;

  private WireEncoder() {}

  /** The frame's total length in bytes, including the 4-byte length prefix. */
  public static int encodedLength(PeerMessage message) {
    return 4
        + switch (message) {
          case PeerMessage.KeepAlive k -> 0;
          case PeerMessage.Choke c -> 1;
          case PeerMessage.Unchoke u -> 1;
          case PeerMessage.Interested i -> 1;
          case PeerMessage.NotInterested n -> 1;
          case PeerMessage.HaveAll a -> 1;
          case PeerMessage.HaveNone n -> 1;
          case PeerMessage.Have h -> 5;
          case PeerMessage.SuggestPiece s -> 5;
          case PeerMessage.AllowedFast a -> 5;
          case PeerMessage.Request r -> 13;
          case PeerMessage.Cancel c -> 13;
          case PeerMessage.RejectRequest r -> 13;
          case PeerMessage.Port p -> 3;
          case PeerMessage.Bitfield b -> 1 + b.byteLength();
          case PeerMessage.Piece p -> 9 + p.blockLength();
          case PeerMessage.Extended e -> 2 + e.payloadLength();
        };
  }

  /**
   * Writes {@code message} as one frame at {@code out}'s position, advancing it.
   *
   * @throws BufferOverflowException if the frame does not fit in {@code out}'s remaining bytes
   *     (then nothing is written): size buffers with {@link #encodedLength}
   */
  public static void encode(PeerMessage message, ByteBuffer out) {
    int length = encodedLength(message);
    if (out.remaining() < length) {
      throw new BufferOverflowException();
    }
    BigEndian.putInt(out, length - 4);
    switch (message) {
      case PeerMessage.KeepAlive k -> {}
      case PeerMessage.Choke c -> putId(out, MessageType.CHOKE);
      case PeerMessage.Unchoke u -> putId(out, MessageType.UNCHOKE);
      case PeerMessage.Interested i -> putId(out, MessageType.INTERESTED);
      case PeerMessage.NotInterested n -> putId(out, MessageType.NOT_INTERESTED);
      case PeerMessage.HaveAll a -> putId(out, MessageType.HAVE_ALL);
      case PeerMessage.HaveNone n -> putId(out, MessageType.HAVE_NONE);
      case PeerMessage.Have h -> putIndex(out, MessageType.HAVE, h.piece());
      case PeerMessage.SuggestPiece s -> putIndex(out, MessageType.SUGGEST_PIECE, s.piece());
      case PeerMessage.AllowedFast a -> putIndex(out, MessageType.ALLOWED_FAST, a.piece());
      case PeerMessage.Request r ->
          putBlockReference(out, MessageType.REQUEST, r.piece(), r.begin(), r.length());
      case PeerMessage.Cancel c ->
          putBlockReference(out, MessageType.CANCEL, c.piece(), c.begin(), c.length());
      case PeerMessage.RejectRequest r ->
          putBlockReference(out, MessageType.REJECT_REQUEST, r.piece(), r.begin(), r.length());
      case PeerMessage.Port p -> {
        putId(out, MessageType.PORT);
        BigEndian.putShort(out, p.port());
      }
      case PeerMessage.Bitfield b -> {
        putId(out, MessageType.BITFIELD);
        b.writeTo(out);
      }
      case PeerMessage.Piece p -> {
        putId(out, MessageType.PIECE);
        BigEndian.putInt(out, p.piece());
        BigEndian.putInt(out, p.begin());
        out.put(p.block());
      }
      case PeerMessage.Extended e -> {
        putId(out, MessageType.EXTENDED);
        out.put((byte) e.extendedId());
        out.put(e.payload());
      }
    }
  }

  /**
   * Writes the {@value #PIECE_HEADER_LENGTH}-byte head of a PIECE frame, so that the caller can
   * send {@code blockLength} bytes of block straight from disk (or a file channel) after it,
   * without building a {@link PeerMessage.Piece}.
   *
   * <pre>
   * +-----------------------+-------+-------------+-------------+
   * | 9 + blockLength: u32  | 7: u8 | piece: u32  | begin: u32  |  then blockLength bytes
   * +-----------------------+-------+-------------+-------------+
   * </pre>
   *
   * @throws IllegalArgumentException if a value is negative or the frame length overflows
   * @throws BufferOverflowException if fewer than 13 bytes remain in {@code out}
   */
  public static void encodePieceHeader(int piece, int begin, int blockLength, ByteBuffer out) {
    if (piece < 0 || begin < 0 || blockLength < 0 || blockLength > Integer.MAX_VALUE - 9) {
      throw new IllegalArgumentException(
          "invalid piece header: piece " + piece + ", begin " + begin + ", length " + blockLength);
    }
    if (out.remaining() < PIECE_HEADER_LENGTH) {
      throw new BufferOverflowException();
    }
    BigEndian.putInt(out, 9 + blockLength);
    putId(out, MessageType.PIECE);
    BigEndian.putInt(out, piece);
    BigEndian.putInt(out, begin);
  }

  private static void putId(ByteBuffer out, MessageType type) {
    out.put((byte) type.id());
  }

  private static void putIndex(ByteBuffer out, MessageType type, int piece) {
    putId(out, type);
    BigEndian.putInt(out, piece);
  }

  private static void putBlockReference(
      ByteBuffer out, MessageType type, int piece, int begin, int length) {
    putId(out, type);
    BigEndian.putInt(out, piece);
    BigEndian.putInt(out, begin);
    BigEndian.putInt(out, length);
  }
}
