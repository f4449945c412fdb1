package io.seedfleet.engine.wire;

import java.nio.ByteBuffer;
import java.util.BitSet;

/**
 * The messages of the peer wire protocol after the handshake, grouped by the BEP that defines them.
 * Blocks and payloads are read-only buffers compared by content.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0003.html">BEP 3</a>
 * @see <a href="https://www.bittorrent.org/beps/bep_0006.html">BEP 6: Fast extension</a>
 * @see <a href="https://www.bittorrent.org/beps/bep_0010.html">BEP 10: Extension protocol</a>
 */
public sealed interface PeerMessage {

  // BEP 3
  /** A zero-length frame that only keeps the connection alive. */
  enum KeepAlive implements PeerMessage { INSTANCE }

  enum Choke implements PeerMessage { INSTANCE }

  enum Unchoke implements PeerMessage { INSTANCE }

  enum Interested implements PeerMessage { INSTANCE }

  enum NotInterested implements PeerMessage { INSTANCE }

  record Have(int piece) implements PeerMessage {
    public Have {
      requireNonNegative(piece, "piece");
    }
  }

  /** The pieces a peer has, high bit of the first byte first; spare bits at the end must be 0. */
  record Bitfield(ByteBuffer bits) implements PeerMessage {
    public Bitfield {
      bits = bits.asReadOnlyBuffer();
    }

    public static Bitfield of(BitSet pieces, int pieceCount) {
      byte[] bytes = new byte[(pieceCount + 7) / 8];
      for (int i = pieces.nextSetBit(0); i >= 0 && i < pieceCount; i = pieces.nextSetBit(i + 1)) {
        bytes[i >>> 3] |= (byte) (0x80 >>> (i & 7));
      }
      return new Bitfield(ByteBuffer.wrap(bytes));
    }

    public int byteLength() {
      return bits.remaining();
    }

    public boolean has(int piece) {
      int index = piece >>> 3;
      return piece >= 0 && index < bits.remaining()
          && (bits.get(bits.position() + index) & (0x80 >>> (piece & 7))) != 0;
    }

    public BitSet toBitSet() {
      BitSet set = new BitSet(bits.remaining() * 8);
      for (int i = 0; i < bits.remaining() * 8; i++) {
        if (has(i)) {
          set.set(i);
        }
      }
      return set;
    }
  }

  record Request(int piece, int begin, int length) implements PeerMessage {
    public Request {
      requireNonNegative(piece, "piece");
      requireNonNegative(begin, "begin");
      requireNonNegative(length, "length");
    }
  }

  /** A block of data; {@code block} is read-only and starts at position 0. */
  record Piece(int piece, int begin, ByteBuffer block) implements PeerMessage {
    public Piece {
      requireNonNegative(piece, "piece");
      requireNonNegative(begin, "begin");
      block = block.asReadOnlyBuffer();
    }
  }

  record Cancel(int piece, int begin, int length) implements PeerMessage {
    public Cancel {
      requireNonNegative(piece, "piece");
      requireNonNegative(begin, "begin");
      requireNonNegative(length, "length");
    }
  }

  /** The peer's DHT port (BEP 5). */
  record Port(int port) implements PeerMessage {
    public Port {
      if (port < 0 || port > 0xffff) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
    }
  }

  // BEP 6: Fast extension
  record SuggestPiece(int piece) implements PeerMessage {
    public SuggestPiece {
      requireNonNegative(piece, "piece");
    }
  }

  enum HaveAll implements PeerMessage { INSTANCE }

  enum HaveNone implements PeerMessage { INSTANCE }

  record RejectRequest(int piece, int begin, int length) implements PeerMessage {
    public RejectRequest {
      requireNonNegative(piece, "piece");
      requireNonNegative(begin, "begin");
      requireNonNegative(length, "length");
    }
  }

  record AllowedFast(int piece) implements PeerMessage {
    public AllowedFast {
      requireNonNegative(piece, "piece");
    }
  }

  // BEP 10: Extension protocol
  /** An extension message; id 0 is the extended handshake, others as the receiver assigned them. */
  record Extended(int extendedId, ByteBuffer payload) implements PeerMessage {
    public Extended {
      if (extendedId < 0 || extendedId > 0xff) {
        throw new IllegalArgumentException("extended id out of range: " + extendedId);
      }
      payload = payload.asReadOnlyBuffer();
    }
  }

  private static void requireNonNegative(int value, String name) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must not be negative: " + value);
    }
  }
}
