package io.seedfleet.engine.wire;

import java.nio.ByteBuffer;

/** Encodes peer messages, length prefix included. */
public final class WireEncoder {
  /** The 4-byte length, the id, the index and the offset that precede a block's bytes. */
  public static final int PIECE_HEADER_LENGTH = 13;

  private WireEncoder() {}

  /** The number of bytes {@link #encode} writes for {@code message}. */
  public static int encodedLength(PeerMessage message) {
    return 4 + switch (message) {
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
      case PeerMessage.Port p -> 3;
      case PeerMessage.Bitfield b -> 1 + b.bits().remaining();
      case PeerMessage.Request r -> 13;
      case PeerMessage.Cancel c -> 13;
      case PeerMessage.RejectRequest r -> 13;
      case PeerMessage.Piece p -> 9 + p.block().remaining();
      case PeerMessage.Extended e -> 2 + e.payload().remaining();
    };
  }

  /** Writes {@code message} to {@code out}; a buffer too small is a programming error. */
  public static void encode(PeerMessage message, ByteBuffer out) {
    out.putInt(encodedLength(message) - 4);
    switch (message) {
      case PeerMessage.KeepAlive k -> {}
      case PeerMessage.Choke c -> out.put((byte) MessageId.CHOKE.id);
      case PeerMessage.Unchoke u -> out.put((byte) MessageId.UNCHOKE.id);
      case PeerMessage.Interested i -> out.put((byte) MessageId.INTERESTED.id);
      case PeerMessage.NotInterested n -> out.put((byte) MessageId.NOT_INTERESTED.id);
      case PeerMessage.HaveAll a -> out.put((byte) MessageId.HAVE_ALL.id);
      case PeerMessage.HaveNone n -> out.put((byte) MessageId.HAVE_NONE.id);
      case PeerMessage.Have h -> out.put((byte) MessageId.HAVE.id).putInt(h.piece());
      case PeerMessage.SuggestPiece s -> out.put((byte) MessageId.SUGGEST_PIECE.id).putInt(s.piece());
      case PeerMessage.AllowedFast a -> out.put((byte) MessageId.ALLOWED_FAST.id).putInt(a.piece());
      case PeerMessage.Port p -> out.put((byte) MessageId.PORT.id).putShort((short) p.port());
      case PeerMessage.Bitfield b -> out.put((byte) MessageId.BITFIELD.id).put(b.bits().duplicate());
      case PeerMessage.Request r -> triple(out, MessageId.REQUEST, r.piece(), r.begin(), r.length());
      case PeerMessage.Cancel c -> triple(out, MessageId.CANCEL, c.piece(), c.begin(), c.length());
      case PeerMessage.RejectRequest r -> triple(out, MessageId.REJECT_REQUEST, r.piece(), r.begin(), r.length());
      case PeerMessage.Piece p -> out.put((byte) MessageId.PIECE.id).putInt(p.piece()).putInt(p.begin()).put(p.block().duplicate());
      case PeerMessage.Extended e -> out.put((byte) MessageId.EXTENDED.id).put((byte) e.extendedId()).put(e.payload().duplicate());
    }
  }

  /** Writes the 13-byte header of a piece message whose block bytes the caller writes right after. */
  public static void encodePieceHeader(int piece, int begin, int blockLength, ByteBuffer out) {
    out.putInt(9 + blockLength).put((byte) MessageId.PIECE.id).putInt(piece).putInt(begin);
  }

  private static void triple(ByteBuffer out, MessageId id, int piece, int begin, int length) {
    out.put((byte) id.id).putInt(piece).putInt(begin).putInt(length);
  }
}
