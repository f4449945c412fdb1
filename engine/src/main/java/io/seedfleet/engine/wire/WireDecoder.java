package io.seedfleet.engine.wire;

import io.seedfleet.engine.wire.DecodeResult.Failure;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * Splits the byte stream that follows the handshake into {@link PeerMessage}s, whatever the TCP
 * fragmentation. One instance per connection; not thread-safe.
 *
 * <pre>
 * +----------------+--------+------------------------+
 * | length: uint32 | id: u8 | payload: length-1 bytes |   length 0 = keep-alive (no id)
 * +----------------+--------+------------------------+
 * </pre>
 *
 * <p>Memory: a length prefix above the maximum fails with {@link WireError#PACKET_TOO_LARGE} before
 * anything is allocated. A frame that is complete in the input buffer is parsed in place; only a
 * frame split across reads is carried, in a buffer that grows with the bytes actually received (so
 * a peer that announces 1 MiB and sends 10 bytes costs 64 KiB, not 1 MiB) and never beyond the
 * announced length. A PIECE block is copied exactly once, into its own heap buffer (or is a view of
 * the carry buffer, which the decoder then gives up).
 *
 * <p>After a failure the decoder is poisoned: every later call consumes its input and returns the
 * same failure.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0003.html">BEP 3</a>
 */
public final class WireDecoder {
  /** The default maximum frame length: a 1 MiB payload plus the 13-byte PIECE header. */
  public static final int DEFAULT_MAX_MESSAGE_LENGTH = 1024 * 1024 + 13;

  /** The first allocation for a frame split across reads; a 16 KiB PIECE frame fits. */
  static final int INITIAL_CARRY_CAPACITY = 64 * 1024;

  private static final int PREFIX_LENGTH = 4;

  private final int maxMessageLength;

  /** Bytes of a split length prefix received so far (0..3), and their value. */
  private int prefixBytes;

  private int prefixValue;

  /** The announced length of the frame being carried, or 0 when none is. */
  private int frameLength;

  /** The carried frame's bytes (id first), {@code carryFill} of them valid; null until needed. */
  private byte[] carry;

  private int carryFill;

  /** Set on the first error; the decoder then returns it forever. */
  private Failure failure;

  /** Takes PIECE blocks without a copy of their own; null when every block is copied. */
  private final BlockSink sink;

  /** A carry array a landed block left behind, reused for the next split frame that fits. */
  private byte[] spareCarry;

  /** A decoder with {@link #DEFAULT_MAX_MESSAGE_LENGTH}. */
  public WireDecoder() {
    this(DEFAULT_MAX_MESSAGE_LENGTH);
  }

  /**
   * @param maxMessageLength the largest accepted length prefix (id plus payload), at least 13 so
   *     that every fixed-size message fits
   */
  public WireDecoder(int maxMessageLength) {
    this(maxMessageLength, null);
  }

  /**
   * @param maxMessageLength as {@link #WireDecoder(int)}
   * @param sink offered each PIECE block before it is copied (see {@link BlockSink}); null for none
   */
  public WireDecoder(int maxMessageLength, BlockSink sink) {
    this.sink = sink;
    if (maxMessageLength < 13) {
      throw new IllegalArgumentException("maxMessageLength must be >= 13, got " + maxMessageLength);
    }
    this.maxMessageLength = maxMessageLength;
  }

  /** The largest accepted length prefix. */
  public int maxMessageLength() {
    return maxMessageLength;
  }

  /** Whether bytes of an unfinished frame (or length prefix) are held for the next call. */
  public boolean hasPartialFrame() {
    return prefixBytes > 0 || frameLength > 0;
  }

  /**
   * Consumes every readable byte of {@code in} (its position ends at its limit), appends each
   * complete message to {@code out} in order, and keeps an unfinished frame for the next call. The
   * caller may reuse {@code in} afterwards: no message refers to its bytes.
   *
   * @return {@link DecodeResult#OK}, or the failure that poisoned this decoder; messages decoded
   *     before the failure are still appended
   */
  public DecodeResult decode(ByteBuffer in, List<PeerMessage> out) {
    while (failure == null && in.hasRemaining()) {
      if (frameLength > 0) {
        continueCarriedFrame(in, out);
      } else if (prefixBytes == 0 && in.remaining() >= PREFIX_LENGTH) {
        int length = BigEndian.getInt(in, in.position());
        in.position(in.position() + PREFIX_LENGTH);
        startFrame(length, in, out);
      } else {
        prefixValue = prefixValue << 8 | (in.get() & 0xFF);
        if (++prefixBytes == PREFIX_LENGTH) {
          int length = prefixValue;
          prefixBytes = 0;
          prefixValue = 0;
          startFrame(length, in, out);
        }
      }
    }
    if (failure != null) {
      in.position(in.limit());
      return failure;
    }
    return DecodeResult.OK;
  }

  private void startFrame(int length, ByteBuffer in, List<PeerMessage> out) {
    if (length < 0 || length > maxMessageLength) {
      fail(
          WireError.PACKET_TOO_LARGE,
          "length prefix "
              + Integer.toUnsignedString(length)
              + " exceeds the maximum "
              + maxMessageLength);
      return;
    }
    if (length == 0) {
      out.add(PeerMessage.KeepAlive.INSTANCE);
      return;
    }
    if (in.remaining() >= length) {
      int start = in.position();
      PeerMessage message = parseFrame(in, start, length, null);
      in.position(start + length);
      if (message != null) {
        out.add(message);
      }
      return;
    }
    // A split frame: carried; its id is checked as soon as its first byte is here.
    frameLength = length;
    carryFill = 0;
    carry = null;
  }

  private void continueCarriedFrame(ByteBuffer in, List<PeerMessage> out) {
    // Reject a wrong id or length before buffering up to the maximum for it.
    if (carryFill == 0 && !checkHeader(in.get(in.position()) & 0xFF, frameLength)) {
      return;
    }
    int count = Math.min(in.remaining(), frameLength - carryFill);
    ensureCarryCapacity(carryFill + count);
    in.get(carry, carryFill, count);
    carryFill += count;
    if (carryFill == frameLength) {
      byte[] frame = carry; // at least frameLength long: parsing uses explicit bounds
      int length = frameLength;
      carry = null;
      carryFill = 0;
      frameLength = 0;
      PeerMessage message = parseFrame(ByteBuffer.wrap(frame), 0, length, frame);
      if (message != null) {
        out.add(message);
      }
    }
  }

  private void ensureCarryCapacity(int needed) {
    if (carry == null && spareCarry != null && spareCarry.length >= frameLength) {
      carry = spareCarry; // the frame ends within it: the check on carryFill == frameLength holds
      spareCarry = null;
    }
    if (carry == null) {
      carry = new byte[Math.min(frameLength, Math.max(needed, INITIAL_CARRY_CAPACITY))];
    } else if (carry.length < needed) {
      int grown = (int) Math.min(frameLength, Math.max(needed, 2L * carry.length));
      carry = Arrays.copyOf(carry, grown);
    }
  }

  /** Checks that {@code length} suits message {@code id}; on a mismatch poisons the decoder. */
  private boolean checkHeader(int id, int length) {
    MessageType type = MessageType.forId(id);
    if (type == null) {
      fail(WireError.UNKNOWN_MESSAGE_ID, "unknown message id " + id + " (length " + length + ")");
      return false;
    }
    boolean fits =
        switch (type) {
          case CHOKE, UNCHOKE, INTERESTED, NOT_INTERESTED, HAVE_ALL, HAVE_NONE -> length == 1;
          case HAVE, SUGGEST_PIECE, ALLOWED_FAST -> length == 5;
          case REQUEST, CANCEL, REJECT_REQUEST -> length == 13;
          case PORT -> length == 3;
          case BITFIELD -> length >= 1;
          case PIECE -> length >= 9;
          case EXTENDED -> length >= 2;
        };
    if (!fits) {
      fail(WireError.INVALID_LENGTH, type + " with invalid length " + length);
    }
    return fits;
  }

  /**
   * Parses the complete frame at {@code start} of {@code frame} ({@code length} bytes, id first).
   *
   * @param owned the array behind {@code frame} when the decoder gives it up to the message (a
   *     carried frame), so that PIECE and EXTENDED can keep a view instead of copying; null when
   *     {@code frame} is the caller's buffer
   * @return the message, or null after poisoning the decoder
   */
  private PeerMessage parseFrame(ByteBuffer frame, int start, int length, byte[] owned) {
    int id = frame.get(start) & 0xFF;
    if (!checkHeader(id, length)) {
      return null;
    }
    int body = start + 1;
    return switch (MessageType.forId(id)) {
      case CHOKE -> PeerMessage.Choke.INSTANCE;
      case UNCHOKE -> PeerMessage.Unchoke.INSTANCE;
      case INTERESTED -> PeerMessage.Interested.INSTANCE;
      case NOT_INTERESTED -> PeerMessage.NotInterested.INSTANCE;
      case HAVE_ALL -> PeerMessage.HaveAll.INSTANCE;
      case HAVE_NONE -> PeerMessage.HaveNone.INSTANCE;
      case HAVE -> {
        int piece = readIndex(frame, body, "HAVE piece");
        yield piece < 0 ? null : new PeerMessage.Have(piece);
      }
      case SUGGEST_PIECE -> {
        int piece = readIndex(frame, body, "SUGGEST_PIECE piece");
        yield piece < 0 ? null : new PeerMessage.SuggestPiece(piece);
      }
      case ALLOWED_FAST -> {
        int piece = readIndex(frame, body, "ALLOWED_FAST piece");
        yield piece < 0 ? null : new PeerMessage.AllowedFast(piece);
      }
      case REQUEST, CANCEL, REJECT_REQUEST ->
          parseBlockReference(frame, body, MessageType.forId(id));
      case PORT -> new PeerMessage.Port(BigEndian.getUnsignedShort(frame, body));
      case BITFIELD -> {
        byte[] bits = new byte[length - 1];
        frame.get(body, bits);
        yield PeerMessage.Bitfield.owning(bits);
      }
      case PIECE -> {
        int piece = readIndex(frame, body, "PIECE piece");
        int begin = piece < 0 ? -1 : readIndex(frame, body + 4, "PIECE begin");
        if (begin < 0) {
          yield null;
        }
        ByteBuffer landed = sink == null ? null : sink.land(piece, begin, frame, body + 8, length - 9);
        if (landed != null) {
          if (owned != null) {
            spareCarry = owned; // no message keeps a view of it
          }
          yield new PeerMessage.Piece(piece, begin, landed);
        }
        yield new PeerMessage.Piece(piece, begin, block(frame, body + 8, length - 9, owned));
      }
      case EXTENDED -> {
        int extendedId = frame.get(body) & 0xFF;
        yield new PeerMessage.Extended(extendedId, block(frame, body + 1, length - 2, owned));
      }
    };
  }

  private PeerMessage parseBlockReference(ByteBuffer frame, int body, MessageType type) {
    int piece = readIndex(frame, body, type + " piece");
    int begin = piece < 0 ? -1 : readIndex(frame, body + 4, type + " begin");
    int length = begin < 0 ? -1 : readIndex(frame, body + 8, type + " length");
    if (length < 0) {
      return null;
    }
    return switch (type) {
      case REQUEST -> new PeerMessage.Request(piece, begin, length);
      case CANCEL -> new PeerMessage.Cancel(piece, begin, length);
      default -> new PeerMessage.RejectRequest(piece, begin, length);
    };
  }

  /** Reads a uint32 that must fit a non-negative int; returns -1 after poisoning otherwise. */
  private int readIndex(ByteBuffer frame, int index, String field) {
    int value = BigEndian.getInt(frame, index);
    if (value < 0) {
      fail(
          WireError.FIELD_OUT_OF_RANGE, field + " " + Integer.toUnsignedString(value) + " >= 2^31");
    }
    return value;
  }

  /** The bytes [index, index + count) as a buffer the message may keep: a view or one copy. */
  private static ByteBuffer block(ByteBuffer frame, int index, int count, byte[] owned) {
    if (owned != null) {
      return ByteBuffer.wrap(owned, index, count);
    }
    byte[] copy = new byte[count];
    frame.get(index, copy);
    return ByteBuffer.wrap(copy);
  }

  private void fail(WireError error, String message) {
    failure = new Failure(error, message);
    carry = null;
  }
}
