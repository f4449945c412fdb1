package io.seedfleet.engine.wire;

import java.util.Objects;

/**
 * Checks a decoded {@link PeerMessage} against the torrent's geometry, which the decoder does not
 * know. Run on every inbound message once the torrent's metadata is known; a violation is a
 * protocol error by the peer (the connection decides whether to disconnect at once or after a few,
 * e.g. for CANCEL of a request already served).
 *
 * <p>Not checked here, because it needs connection state: whether BEP 6 messages were negotiated,
 * whether a PIECE was requested, whether a BITFIELD came first.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0003.html">BEP 3</a>
 * @see <a href="https://www.bittorrent.org/beps/bep_0006.html">BEP 6</a>
 */
public final class WireRules {
  private WireRules() {}

  /**
   * The shape of a torrent's byte stream.
   *
   * @param pieceCount the number of pieces, {@code ceil(totalLength / pieceLength)}
   * @param pieceLength the length of every piece but the last, {@code > 0}
   * @param totalLength the sum of all file lengths, {@code >= 0}
   */
  public record Geometry(int pieceCount, int pieceLength, long totalLength) {
    public Geometry {
      if (pieceLength <= 0 || totalLength < 0) {
        throw new IllegalArgumentException(
            "invalid geometry: piece length " + pieceLength + ", total " + totalLength);
      }
      long expected = (totalLength + pieceLength - 1) / pieceLength;
      if (pieceCount != expected) {
        throw new IllegalArgumentException(
            "piece count "
                + pieceCount
                + " does not match "
                + totalLength
                + " bytes in pieces of "
                + pieceLength
                + " (expected "
                + expected
                + ")");
      }
    }

    /**
     * The length of piece {@code piece}: {@code pieceLength}, except the last piece's remainder.
     *
     * @throws IndexOutOfBoundsException if there is no such piece
     */
    public int pieceSize(int piece) {
      Objects.checkIndex(piece, pieceCount);
      return piece < pieceCount - 1
          ? pieceLength
          : (int) (totalLength - (long) (pieceCount - 1) * pieceLength);
    }
  }

  /** What rule a message broke. */
  public enum Code {
    HAVE_OUT_OF_RANGE,
    /** The bitfield is not exactly ceil(pieceCount / 8) bytes. */
    BITFIELD_WRONG_SIZE,
    /** A bit after the last piece is set. */
    BITFIELD_SPARE_BITS,
    /** Piece index >= count, begin + length > piece size, length 0 or > 128 KiB. */
    REQUEST_OUT_OF_RANGE,
    CANCEL_OUT_OF_RANGE,
    REJECT_OUT_OF_RANGE,
    /** A block outside its piece, empty or larger than 128 KiB. */
    PIECE_OUT_OF_RANGE,
    SUGGEST_OUT_OF_RANGE,
    ALLOWED_FAST_OUT_OF_RANGE
  }

  /**
   * A broken rule.
   *
   * @param code the machine-readable rule, for counters and tests
   * @param message a human explanation with the offending values
   */
  public record Violation(Code code, String message) {
    public Violation {
      Objects.requireNonNull(code);
      Objects.requireNonNull(message);
    }
  }

  /**
   * Checks {@code message} against {@code geometry}.
   *
   * @return null when the message is valid for this torrent, otherwise the violation
   */
  public static Violation check(PeerMessage message, Geometry geometry) {
    int count = geometry.pieceCount();
    return switch (message) {
      case PeerMessage.Have h -> index(Code.HAVE_OUT_OF_RANGE, "HAVE", h.piece(), count);
      case PeerMessage.SuggestPiece s ->
          index(Code.SUGGEST_OUT_OF_RANGE, "SUGGEST_PIECE", s.piece(), count);
      case PeerMessage.AllowedFast a ->
          index(Code.ALLOWED_FAST_OUT_OF_RANGE, "ALLOWED_FAST", a.piece(), count);
      case PeerMessage.Bitfield b -> bitfield(b, count);
      case PeerMessage.Request r ->
          block(Code.REQUEST_OUT_OF_RANGE, "REQUEST", r.piece(), r.begin(), r.length(), geometry);
      case PeerMessage.Cancel c ->
          block(Code.CANCEL_OUT_OF_RANGE, "CANCEL", c.piece(), c.begin(), c.length(), geometry);
      case PeerMessage.RejectRequest r ->
          block(Code.REJECT_OUT_OF_RANGE, "REJECT", r.piece(), r.begin(), r.length(), geometry);
      case PeerMessage.Piece p ->
          block(Code.PIECE_OUT_OF_RANGE, "PIECE", p.piece(), p.begin(), p.blockLength(), geometry);
      case PeerMessage.KeepAlive k -> null;
      case PeerMessage.Choke c -> null;
      case PeerMessage.Unchoke u -> null;
      case PeerMessage.Interested i -> null;
      case PeerMessage.NotInterested n -> null;
      case PeerMessage.HaveAll a -> null;
      case PeerMessage.HaveNone n -> null;
      case PeerMessage.Port p -> null;
      case PeerMessage.Extended e -> null;
    };
  }

  private static Violation index(Code code, String name, int piece, int count) {
    return piece < count
        ? null
        : new Violation(code, name + " piece " + piece + " >= piece count " + count);
  }

  private static Violation bitfield(PeerMessage.Bitfield bitfield, int count) {
    int expected = PeerMessage.Bitfield.byteLengthFor(count);
    if (bitfield.byteLength() != expected) {
      return new Violation(
          Code.BITFIELD_WRONG_SIZE,
          "BITFIELD of "
              + bitfield.byteLength()
              + " bytes, expected "
              + expected
              + " for "
              + count
              + " pieces");
    }
    if (bitfield.hasSpareBitsSet(count)) {
      return new Violation(
          Code.BITFIELD_SPARE_BITS, "BITFIELD has bits set after the last piece " + (count - 1));
    }
    return null;
  }

  private static Violation block(
      Code code, String name, int piece, int begin, int length, Geometry geometry) {
    if (piece >= geometry.pieceCount()) {
      return new Violation(
          code, name + " piece " + piece + " >= piece count " + geometry.pieceCount());
    }
    if (length == 0 || length > Blocks.MAX_REQUEST_LENGTH) {
      return new Violation(
          code, name + " length " + length + " not in 1.." + Blocks.MAX_REQUEST_LENGTH);
    }
    int size = geometry.pieceSize(piece);
    if ((long) begin + length > size) {
      return new Violation(
          code,
          name
              + " piece "
              + piece
              + " begin "
              + begin
              + " + length "
              + length
              + " > piece size "
              + size);
    }
    return null;
  }
}
