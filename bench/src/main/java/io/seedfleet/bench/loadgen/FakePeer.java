package io.seedfleet.bench.loadgen;

import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.wire.DecodeResult;
import io.seedfleet.engine.wire.Handshake;
import io.seedfleet.engine.wire.HandshakeCodec;
import io.seedfleet.engine.wire.HandshakeResult;
import io.seedfleet.engine.wire.PeerMessage;
import io.seedfleet.engine.wire.WireDecoder;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.List;

/**
 * One fake peer's connection state, driven by its {@link FakePeerLoop}: a few fields, no thread and
 * no actor of its own. It decodes what the node sends with the engine's own (fuzzed) codecs and
 * keeps only what steers its behaviour: whether the node has answered the handshake, whether it
 * unchoked us, and whether a block request is outstanding.
 */
final class FakePeer {
  enum Phase { CONNECTING, AWAITING_HANDSHAKE, ACTIVE, CLOSED }

  final SocketChannel channel;
  final byte[] peerId;
  SelectionKey key;
  Phase phase = Phase.CONNECTING;
  /** The node's handshake as it trickles in; dropped once complete. */
  private ByteBuffer handshake = ByteBuffer.allocate(HandshakeCodec.LENGTH);
  private final WireDecoder decoder = new WireDecoder();
  boolean unchoked;
  boolean requestOutstanding;
  long lastSentNanos;
  long nextRequestNanos;
  /** Bytes the socket did not take yet; null when everything was written. */
  ByteBuffer unsent;

  FakePeer(SocketChannel channel, byte[] peerId) {
    this.channel = channel;
    this.peerId = peerId;
  }

  /** What the bytes just read meant, for the loop's counters and replies. */
  record Events(boolean handshaken, boolean failed, int unchokes, int chokes, int blocks, int rejects) {}

  /**
   * Consumes {@code data}: first the rest of the node's handshake, then whole messages.
   * {@code scratch} is a reused list the decoder fills.
   */
  Events read(ByteBuffer data, InfoHash expected, List<PeerMessage> scratch) {
    boolean handshaken = false;
    if (handshake != null) {
      while (data.hasRemaining() && handshake.hasRemaining()) {
        handshake.put(data.get());
      }
      if (handshake.hasRemaining()) {
        return new Events(false, false, 0, 0, 0, 0);
      }
      handshake.flip();
      boolean ours = HandshakeCodec.decode(handshake) instanceof HandshakeResult.Decoded<Handshake> d
          && d.value().infoHash().equals(expected);
      handshake = null;
      if (!ours) {
        return new Events(false, true, 0, 0, 0, 0);
      }
      handshaken = true;
      phase = Phase.ACTIVE;
    }
    scratch.clear();
    DecodeResult result = decoder.decode(data, scratch);
    int unchokes = 0;
    int chokes = 0;
    int blocks = 0;
    int rejects = 0;
    for (PeerMessage message : scratch) {
      switch (message) {
        case PeerMessage.Unchoke u -> {
          unchoked = true;
          unchokes++;
        }
        case PeerMessage.Choke c -> {
          unchoked = false;
          requestOutstanding = false; // BEP 3: a choke discards what was asked
          chokes++;
        }
        case PeerMessage.Piece p -> {
          requestOutstanding = false;
          blocks++;
        }
        case PeerMessage.RejectRequest r -> {
          requestOutstanding = false;
          rejects++;
        }
        default -> {} // bitfield, have_all, extended handshake, keep-alive: nothing to do
      }
    }
    scratch.clear();
    return new Events(handshaken, !result.isOk(), unchokes, chokes, blocks, rejects);
  }
}
