package io.seedfleet.engine.peer;

import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.picker.BlockRequest;
import io.seedfleet.engine.wire.Handshake;
import io.seedfleet.engine.wire.HandshakeCodec;
import io.seedfleet.engine.wire.PeerId;
import io.seedfleet.engine.wire.PeerMessage;
import io.seedfleet.engine.wire.ReservedBits;
import io.seedfleet.engine.wire.WireEncoder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/** Encodes outgoing frames into exactly-sized buffers. */
final class Frames {
  /** We speak the fast extension (BEP 6) and the extension protocol (BEP 10). */
  static final ReservedBits OUR_RESERVED = ReservedBits.builder().fast().extensionProtocol().build();

  private Frames() {}

  static ByteBuffer encode(PeerMessage message) {
    ByteBuffer out = ByteBuffer.allocate(WireEncoder.encodedLength(message));
    WireEncoder.encode(message, out);
    return out.flip();
  }

  /**
   * Request messages for the picked blocks, back to back in one buffer: a pick of hundreds of
   * blocks is one small write, not hundreds of 17-byte buffers gathered 128 at a time.
   */
  static List<ByteBuffer> requests(List<BlockRequest> requests) {
    if (requests.isEmpty()) {
      return List.of();
    }
    int frameLength = WireEncoder.encodedLength(new PeerMessage.Request(0, 0, 1)); // fixed: 17 bytes
    ByteBuffer out = ByteBuffer.allocate(frameLength * requests.size());
    for (BlockRequest r : requests) {
      WireEncoder.encode(new PeerMessage.Request(r.piece(), r.begin(), r.length()), out);
    }
    return List.of(out.flip());
  }

  static ByteBuffer handshake(InfoHash infoHash, byte[] peerId) {
    ByteBuffer out = ByteBuffer.allocate(HandshakeCodec.LENGTH);
    HandshakeCodec.encode(new Handshake(OUR_RESERVED, infoHash, PeerId.of(peerId)), out);
    return out.flip();
  }

  /**
   * What follows the handshakes: what we have (BEP 6's have_all or have_none when the peer speaks
   * the fast extension, else a bitfield unless we have nothing), then our extended handshake if any.
   *
   * @param extendedHandshake our BEP 10 handshake, or null when the peer does not speak BEP 10
   */
  static List<ByteBuffer> opening(BitSet ourPieces, int pieceCount, boolean fast, PeerMessage.Extended extendedHandshake) {
    List<ByteBuffer> out = new ArrayList<>(3);
    if (fast && ourPieces.cardinality() == pieceCount) {
      out.add(encode(PeerMessage.HaveAll.INSTANCE));
    } else if (fast && ourPieces.isEmpty()) {
      out.add(encode(PeerMessage.HaveNone.INSTANCE));
    } else if (!ourPieces.isEmpty()) {
      out.add(encode(PeerMessage.Bitfield.of(ourPieces, pieceCount)));
    }
    if (extendedHandshake != null) {
      out.add(encode(extendedHandshake));
    }
    return out;
  }
}
