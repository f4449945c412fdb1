package io.seedfleet.engine.wire;

/**
 * Checks decoded messages against the torrent they are about. The decoder cannot: it does not know
 * the piece count. A violation closes the connection.
 */
public final class WireRules {
  public static final int BLOCK_SIZE = 16 * 1024;
  /** Larger requests are refused (libtorrent rejects above 128 KiB as well). */
  public static final int MAX_REQUEST_LENGTH = 128 * 1024;

  private WireRules() {}

  /** The shape of the torrent: enough to check indices and offsets. */
  public record Geometry(int pieceCount, int pieceLength, long totalLength) {
    public int pieceSize(int piece) {
      return piece == pieceCount - 1 ? (int) (totalLength - (long) piece * pieceLength) : pieceLength;
    }
  }

  public enum Code {
    HAVE_OUT_OF_RANGE, BITFIELD_WRONG_SIZE, BITFIELD_SPARE_BITS, REQUEST_OUT_OF_RANGE, PIECE_OUT_OF_RANGE,
    SUGGEST_OUT_OF_RANGE, ALLOWED_FAST_OUT_OF_RANGE
  }

  public record Violation(Code code, String message) {
    @Override
    public String toString() {
      return code + ": " + message;
    }
  }

  /** Returns null when {@code message} fits the torrent, else what is wrong with it. */
  public static Violation check(PeerMessage message, Geometry g) {
    return switch (message) {
      case PeerMessage.Have h -> h.piece() < g.pieceCount() ? null
          : new Violation(Code.HAVE_OUT_OF_RANGE, "have " + h.piece() + " of " + g.pieceCount() + " pieces");
      case PeerMessage.SuggestPiece s -> s.piece() < g.pieceCount() ? null
          : new Violation(Code.SUGGEST_OUT_OF_RANGE, "suggest " + s.piece() + " of " + g.pieceCount());
      case PeerMessage.AllowedFast a -> a.piece() < g.pieceCount() ? null
          : new Violation(Code.ALLOWED_FAST_OUT_OF_RANGE, "allowed fast " + a.piece() + " of " + g.pieceCount());
      case PeerMessage.Bitfield b -> checkBitfield(b, g);
      case PeerMessage.Request r -> checkRange(Code.REQUEST_OUT_OF_RANGE, "request", r.piece(), r.begin(), r.length(), g);
      case PeerMessage.Cancel c -> checkRange(Code.REQUEST_OUT_OF_RANGE, "cancel", c.piece(), c.begin(), c.length(), g);
      case PeerMessage.RejectRequest r -> checkRange(Code.REQUEST_OUT_OF_RANGE, "reject", r.piece(), r.begin(), r.length(), g);
      case PeerMessage.Piece p -> checkRange(Code.PIECE_OUT_OF_RANGE, "piece", p.piece(), p.begin(), p.block().remaining(), g);
      default -> null;
    };
  }

  private static Violation checkBitfield(PeerMessage.Bitfield b, Geometry g) {
    int expected = (g.pieceCount() + 7) / 8;
    if (b.byteLength() != expected) {
      return new Violation(Code.BITFIELD_WRONG_SIZE, "bitfield of " + b.byteLength() + " bytes, expected " + expected);
    }
    for (int spare = g.pieceCount(); spare < expected * 8; spare++) {
      if (b.has(spare)) {
        return new Violation(Code.BITFIELD_SPARE_BITS, "spare bit " + spare + " set");
      }
    }
    return null;
  }

  private static Violation checkRange(Code code, String what, int piece, int begin, int length, Geometry g) {
    if (piece >= g.pieceCount()) {
      return new Violation(code, what + " for piece " + piece + " of " + g.pieceCount());
    }
    if (length == 0 || length > MAX_REQUEST_LENGTH) {
      return new Violation(code, what + " of " + length + " bytes");
    }
    if ((long) begin + length > g.pieceSize(piece)) {
      return new Violation(code, what + " [" + begin + ", " + ((long) begin + length) + ") beyond piece " + piece
          + " of " + g.pieceSize(piece) + " bytes");
    }
    return null;
  }
}
