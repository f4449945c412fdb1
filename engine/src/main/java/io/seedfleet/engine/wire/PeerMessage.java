package io.seedfleet.engine.wire;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.BitSet;

/**
 * A message of the BitTorrent peer wire protocol, after the handshake. Decode with {@link
 * WireDecoder}, encode with {@link WireEncoder}, check against a torrent with {@link WireRules}.
 *
 * <p>Constructors validate what is independent of the torrent (no negative index, a port fits in 16
 * bits); they throw {@link IllegalArgumentException}, which only a programming error can trigger,
 * because the decoder checks the same limits first and reports a {@link WireError}.
 *
 * <p>Byte buffers held by messages are read-only and start at position 0; their accessors return a
 * fresh duplicate, so a reader cannot move another reader's position. Equality is by content.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0003.html">BEP 3</a>
 */
public sealed interface PeerMessage {

  // ---------------------------------------------------------------- BEP 3

  /** A frame of length zero, sent so that an idle connection is not timed out. */
  enum KeepAlive implements PeerMessage {
    INSTANCE
  }

  /** The sender will not serve the receiver's requests. */
  enum Choke implements PeerMessage {
    INSTANCE
  }

  /** The sender will serve the receiver's requests. */
  enum Unchoke implements PeerMessage {
    INSTANCE
  }

  /** The sender wants pieces the receiver has. */
  enum Interested implements PeerMessage {
    INSTANCE
  }

  /** The sender wants nothing the receiver has. */
  enum NotInterested implements PeerMessage {
    INSTANCE
  }

  /** The sender has verified {@code piece}. */
  record Have(int piece) implements PeerMessage {
    public Have {
      requireNonNegative("piece", piece);
    }
  }

  /** Asks for {@code length} bytes of {@code piece} from offset {@code begin}. */
  record Request(int piece, int begin, int length) implements PeerMessage {
    public Request {
      requireBlock(piece, begin, length);
    }
  }

  /**
   * A block of data: {@code block.remaining()} bytes of {@code piece} from offset {@code begin}.
   * The record keeps a read-only view (not a copy) of the given buffer's remaining bytes, so the
   * caller must not change that content afterwards.
   */
  record Piece(int piece, int begin, ByteBuffer block) implements PeerMessage {
    public Piece {
      requireNonNegative("piece", piece);
      requireNonNegative("begin", begin);
      block = readOnlyView(block);
    }

    /** A duplicate of the block: read-only, position 0, limit = block length. */
    @Override
    public ByteBuffer block() {
      return block.duplicate();
    }

    /** The block's length in bytes, without duplicating the buffer. */
    public int blockLength() {
      return block.remaining();
    }
  }

  /** Withdraws an earlier {@link Request} with the same fields. */
  record Cancel(int piece, int begin, int length) implements PeerMessage {
    public Cancel {
      requireBlock(piece, begin, length);
    }
  }

  // ---------------------------------------------------------------- BEP 5: DHT

  /**
   * The UDP port of the sender's DHT node.
   *
   * @see <a href="https://www.bittorrent.org/beps/bep_0005.html">BEP 5</a>
   */
  record Port(int port) implements PeerMessage {
    public Port {
      if (port < 0 || port > 0xFFFF) {
        throw new IllegalArgumentException("port must be 0..65535, got " + port);
      }
    }
  }

  // ---------------------------------------------------------------- BEP 6: Fast extension

  /**
   * Advises the receiver to download {@code piece} (the sender has it cached).
   *
   * @see <a href="https://www.bittorrent.org/beps/bep_0006.html">BEP 6</a>
   */
  record SuggestPiece(int piece) implements PeerMessage {
    public SuggestPiece {
      requireNonNegative("piece", piece);
    }
  }

  /** Replaces a bitfield: the sender has every piece. @see PeerMessage.SuggestPiece */
  enum HaveAll implements PeerMessage {
    INSTANCE
  }

  /** Replaces a bitfield: the sender has no piece. @see PeerMessage.SuggestPiece */
  enum HaveNone implements PeerMessage {
    INSTANCE
  }

  /** The sender will not serve the {@link Request} with the same fields. */
  record RejectRequest(int piece, int begin, int length) implements PeerMessage {
    public RejectRequest {
      requireBlock(piece, begin, length);
    }
  }

  /** The receiver may request {@code piece} even while choked. */
  record AllowedFast(int piece) implements PeerMessage {
    public AllowedFast {
      requireNonNegative("piece", piece);
    }
  }

  // ---------------------------------------------------------------- BEP 10: Extension protocol

  /**
   * An extension message, payload not interpreted here. Id 0 is the extended handshake; other ids
   * are those the receiver announced in its own extended handshake {@code m} dictionary.
   *
   * @param extendedId 0..255
   * @param payload the bytes after the extended id (usually bencoded), read-only, position 0
   * @see <a href="https://www.bittorrent.org/beps/bep_0010.html">BEP 10</a>
   */
  record Extended(int extendedId, ByteBuffer payload) implements PeerMessage {
    /** The extended id of the extended handshake. */
    public static final int HANDSHAKE_ID = 0;

    public Extended {
      if (extendedId < 0 || extendedId > 0xFF) {
        throw new IllegalArgumentException("extended id must be 0..255, got " + extendedId);
      }
      payload = readOnlyView(payload);
    }

    /** A duplicate of the payload: read-only, position 0. */
    @Override
    public ByteBuffer payload() {
      return payload.duplicate();
    }

    /** The payload's length in bytes. */
    public int payloadLength() {
      return payload.remaining();
    }
  }

  // ---------------------------------------------------------------- the bitfield (BEP 3)

  /**
   * Which pieces the sender has, one bit per piece, the high bit of the first byte for piece 0.
   * Spare bits at the end must be zero (checked by {@link WireRules}, which knows the piece count).
   * Immutable; compares by content.
   */
  final class Bitfield implements PeerMessage {
    private final byte[] bytes;

    private Bitfield(byte[] bytes) {
      this.bytes = bytes;
    }

    /** A bitfield over a copy of the given bytes, exactly as they appear on the wire. */
    public static Bitfield ofBytes(byte[] bytes) {
      return new Bitfield(bytes.clone());
    }

    /** Takes ownership of {@code bytes}: for the decoder, which never touches them afterwards. */
    static Bitfield owning(byte[] bytes) {
      return new Bitfield(bytes);
    }

    /**
     * The bitfield for a torrent of {@code pieceCount} pieces with the pieces set in {@code have}.
     *
     * @throws IllegalArgumentException if {@code have} has a bit at or beyond {@code pieceCount}
     */
    public static Bitfield of(BitSet have, int pieceCount) {
      requireNonNegative("pieceCount", pieceCount);
      if (have.length() > pieceCount) {
        throw new IllegalArgumentException(
            "piece " + (have.length() - 1) + " set in a bitfield of " + pieceCount + " pieces");
      }
      byte[] bytes = new byte[byteLengthFor(pieceCount)];
      for (int i = have.nextSetBit(0); i >= 0; i = have.nextSetBit(i + 1)) {
        bytes[i >>> 3] |= (byte) (0x80 >>> (i & 7));
      }
      return new Bitfield(bytes);
    }

    /** The number of bytes a bitfield of {@code pieceCount} pieces has: ceil(pieceCount / 8). */
    public static int byteLengthFor(int pieceCount) {
      return (int) ((pieceCount + 7L) >>> 3);
    }

    /** Whether the bit for {@code piece} is set; false for an index outside the bitfield. */
    public boolean has(int piece) {
      if (piece < 0 || (piece >>> 3) >= bytes.length) {
        return false;
      }
      return (bytes[piece >>> 3] & (0x80 >>> (piece & 7))) != 0;
    }

    /** The length in bytes, as on the wire. */
    public int byteLength() {
      return bytes.length;
    }

    /** The set bits as piece indexes (piece i is bit i), including any spare bits that are set. */
    public BitSet toBitSet() {
      BitSet set = new BitSet(bytes.length * 8);
      for (int i = 0; i < bytes.length; i++) {
        int b = bytes[i] & 0xFF;
        while (b != 0) {
          int highest = Integer.numberOfLeadingZeros(b) - 24; // 0 for 0x80 ... 7 for 0x01
          set.set(i * 8 + highest);
          b &= ~(0x80 >>> highest);
        }
      }
      return set;
    }

    /** Whether a bit at or beyond {@code pieceCount} is set (BEP 3 requires spare bits be 0). */
    public boolean hasSpareBitsSet(int pieceCount) {
      int fullBytes = pieceCount >>> 3;
      if (fullBytes < bytes.length) {
        int usedBits = pieceCount & 7;
        int spareMask = 0xFF >>> usedBits;
        if ((bytes[fullBytes] & spareMask) != 0) {
          return true;
        }
        for (int i = fullBytes + 1; i < bytes.length; i++) {
          if (bytes[i] != 0) {
            return true;
          }
        }
      }
      return false;
    }

    /** Writes the raw bytes (no length prefix or id) into {@code out}. */
    public void writeTo(ByteBuffer out) {
      out.put(bytes);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Bitfield other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return "Bitfield[bytes=" + bytes.length + ", set=" + toBitSet().cardinality() + "]";
    }
  }

  // ---------------------------------------------------------------- shared checks

  private static void requireNonNegative(String name, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must not be negative, got " + value);
    }
  }

  private static void requireBlock(int piece, int begin, int length) {
    requireNonNegative("piece", piece);
    requireNonNegative("begin", begin);
    requireNonNegative("length", length);
  }

  /** A read-only view of {@code buffer}'s remaining bytes, at position 0. */
  private static ByteBuffer readOnlyView(ByteBuffer buffer) {
    ByteBuffer view = buffer.slice();
    return view.isReadOnly() ? view : view.asReadOnlyBuffer();
  }
}
