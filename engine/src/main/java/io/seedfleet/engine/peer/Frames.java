package io.seedfleet.engine.peer;

import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.wire.Handshake;
import io.seedfleet.engine.wire.HandshakeCodec;
import io.seedfleet.engine.wire.PeerId;
import io.seedfleet.engine.wire.PeerMessage;
import io.seedfleet.engine.wire.ReservedBits;
import io.seedfleet.engine.wire.WireEncoder;
import java.nio.ByteBuffer;

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

  static ByteBuffer handshake(InfoHash infoHash, byte[] peerId) {
    ByteBuffer out = ByteBuffer.allocate(HandshakeCodec.LENGTH);
    HandshakeCodec.encode(new Handshake(OUR_RESERVED, infoHash, PeerId.of(peerId)), out);
    return out.flip();
  }
}
