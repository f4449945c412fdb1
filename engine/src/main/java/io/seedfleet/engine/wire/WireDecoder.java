package io.seedfleet.engine.wire;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * An incremental decoder for the length-prefixed message stream that follows the handshake. It
 * survives any TCP fragmentation: complete frames are parsed in place from the caller's buffer, and
 * only a frame cut at the end of a read is copied aside, into a carry buffer no larger than that
 * frame. A length prefix above the maximum fails before anything is allocated.
 *
 * <pre>
 * +----------------+--------+---------------------+
 * | length: uint32 | id: u8 | payload: length - 1 |
 * +----------------+--------+---------------------+
 * length 0 is a keep-alive (no id, no payload)
 * </pre>
 *
 * Not thread-safe: one decoder per connection, fed from one thread.
 */
public final class WireDecoder {
  /** A 16 KiB block plus headroom: libtorrent and others send at most 16 KiB blocks. */
  public static final int DEFAULT_MAX_MESSAGE_LENGTH = (1 << 20) + 13;

  private final int maxMessageLength;
  private final ByteBuffer prefix = ByteBuffer.allocate(4);
  private ByteBuffer carry; // the body of a frame split across reads, or null
  private DecodeResult poisoned;

  public WireDecoder(int maxMessageLength) {
    if (maxMessageLength < 1) {
      throw new IllegalArgumentException("maximum message length must be positive");
    }
    this.maxMessageLength = maxMessageLength;
  }

  public WireDecoder() {
    this(DEFAULT_MAX_MESSAGE_LENGTH);
  }

  /**
   * Consumes every readable byte of {@code in}, appending each complete message to {@code out}.
   * After an error the decoder keeps returning it and consumes nothing more.
   */
  public DecodeResult decode(ByteBuffer in, List<PeerMessage> out) {
    if (poisoned != null) {
      in.position(in.limit());
      return poisoned;
    }
    while (in.hasRemaining()) {
      if (carry != null) {
        copy(in, carry);
        if (carry.hasRemaining()) {
          return DecodeResult.OK;
        }
        carry.flip();
        DecodeResult r = emit(carry, carry.remaining(), out);
        carry = null;
        if (!r.isOk()) {
          return poison(r, in);
        }
        continue;
      }
      int length;
      if (prefix.position() > 0 || in.remaining() < 4) {
        copy(in, prefix);
        if (prefix.hasRemaining()) {
          return DecodeResult.OK;
        }
        length = prefix.getInt(0);
        prefix.clear();
      } else {
        length = in.getInt();
      }
      if (length < 0 || length > maxMessageLength) {
        return poison(DecodeResult.failure(WireError.PACKET_TOO_LARGE,
            "length prefix " + Integer.toUnsignedString(length) + " exceeds " + maxMessageLength), in);
      }
      if (length == 0) {
        out.add(PeerMessage.KeepAlive.INSTANCE);
        continue;
      }
      if (in.remaining() >= length) {
        int end = in.position() + length;
        ByteBuffer frame = in.slice(in.position(), length);
        in.position(end);
        DecodeResult r = emit(frame, length, out);
        if (!r.isOk()) {
          return poison(r, in);
        }
      } else {
        carry = ByteBuffer.allocate(length);
      }
    }
    return DecodeResult.OK;
  }

  private static void copy(ByteBuffer from, ByteBuffer to) {
    int n = Math.min(from.remaining(), to.remaining());
    to.put(to.position(), from, from.position(), n);
    to.position(to.position() + n);
    from.position(from.position() + n);
  }

  private DecodeResult poison(DecodeResult error, ByteBuffer in) {
    poisoned = error;
    in.position(in.limit());
    return error;
  }

  /** Parses one frame body (id and payload) of {@code length} bytes starting at {@code frame}'s position. */
  private static DecodeResult emit(ByteBuffer frame, int length, List<PeerMessage> out) {
    int id = frame.get(frame.position()) & 0xff;
    MessageId kind = MessageId.of(id);
    if (kind == null) {
      return DecodeResult.failure(WireError.UNKNOWN_MESSAGE_ID, "unknown message id " + id);
    }
    int p = frame.position() + 1;
    int payload = length - 1;
    PeerMessage message = switch (kind) {
      case CHOKE -> payload == 0 ? PeerMessage.Choke.INSTANCE : null;
      case UNCHOKE -> payload == 0 ? PeerMessage.Unchoke.INSTANCE : null;
      case INTERESTED -> payload == 0 ? PeerMessage.Interested.INSTANCE : null;
      case NOT_INTERESTED -> payload == 0 ? PeerMessage.NotInterested.INSTANCE : null;
      case HAVE_ALL -> payload == 0 ? PeerMessage.HaveAll.INSTANCE : null;
      case HAVE_NONE -> payload == 0 ? PeerMessage.HaveNone.INSTANCE : null;
      case HAVE -> payload == 4 && frame.getInt(p) >= 0 ? new PeerMessage.Have(frame.getInt(p)) : null;
      case SUGGEST_PIECE -> payload == 4 && frame.getInt(p) >= 0 ? new PeerMessage.SuggestPiece(frame.getInt(p)) : null;
      case ALLOWED_FAST -> payload == 4 && frame.getInt(p) >= 0 ? new PeerMessage.AllowedFast(frame.getInt(p)) : null;
      case PORT -> payload == 2 ? new PeerMessage.Port(frame.getShort(p) & 0xffff) : null;
      case BITFIELD -> new PeerMessage.Bitfield(copyOf(frame, p, payload));
      case REQUEST, CANCEL, REJECT_REQUEST -> payload == 12 ? triple(kind, frame.getInt(p), frame.getInt(p + 4), frame.getInt(p + 8)) : null;
      case PIECE -> payload >= 8 && frame.getInt(p) >= 0 && frame.getInt(p + 4) >= 0
          ? new PeerMessage.Piece(frame.getInt(p), frame.getInt(p + 4), copyOf(frame, p + 8, payload - 8)) : null;
      case EXTENDED -> payload >= 1 ? new PeerMessage.Extended(frame.get(p) & 0xff, copyOf(frame, p + 1, payload - 1)) : null;
    };
    if (message == null) {
      return DecodeResult.failure(WireError.INVALID_LENGTH, kind + " with a payload of " + payload + " bytes");
    }
    out.add(message);
    return DecodeResult.OK;
  }

  private static PeerMessage triple(MessageId kind, int piece, int begin, int length) {
    if (piece < 0 || begin < 0 || length < 0) {
      return null;
    }
    return switch (kind) {
      case REQUEST -> new PeerMessage.Request(piece, begin, length);
      case CANCEL -> new PeerMessage.Cancel(piece, begin, length);
      default -> new PeerMessage.RejectRequest(piece, begin, length);
    };
  }

  /** The payload outlives the caller's buffer, which is reused for the next read: copy it once. */
  private static ByteBuffer copyOf(ByteBuffer frame, int offset, int length) {
    byte[] bytes = new byte[length];
    frame.get(offset, bytes);
    return ByteBuffer.wrap(bytes);
  }
}
