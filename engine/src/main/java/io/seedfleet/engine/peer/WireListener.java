package io.seedfleet.engine.peer;

import io.seedfleet.engine.net.ConnectionListener;
import io.seedfleet.engine.net.NetConnection;
import io.seedfleet.engine.wire.BlockSink;
import io.seedfleet.engine.wire.DecodeResult;
import io.seedfleet.engine.wire.Handshake;
import io.seedfleet.engine.wire.HandshakeCodec;
import io.seedfleet.engine.wire.HandshakeResult;
import io.seedfleet.engine.wire.PeerMessage;
import io.seedfleet.engine.wire.WireDecoder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs on the network loop: turns a connection's bytes into batches of decoded messages for its
 * {@link PeerConnection} actor, one mailbox message per socket read rather than per block. When the
 * actor falls behind, reading pauses, so TCP flow control slows the remote down instead of our heap
 * filling up.
 */
final class WireListener implements ConnectionListener {
  private static final int MAX_UNPROCESSED_BATCHES = 8;

  /** Where decoded input goes: one actor's mailbox, through its own message types. */
  interface Events {
    void handshake(Handshake handshake);

    void messages(List<PeerMessage> batch);

    void failure(String reason);

    void closed(String reason);

    void writable();

    /** Events delivered as {@code actor}'s own messages; {@code writable} may be null to drop them. */
    static <C> Events toActor(org.apache.pekko.actor.typed.ActorRef<C> actor, java.util.function.Function<Handshake, C> handshake,
        java.util.function.Function<List<PeerMessage>, C> messages, java.util.function.Function<String, C> failure,
        java.util.function.Function<String, C> closed, C writable) {
      return new Events() {
        @Override
        public void handshake(Handshake h) {
          actor.tell(handshake.apply(h));
        }

        @Override
        public void messages(List<PeerMessage> batch) {
          actor.tell(messages.apply(batch));
        }

        @Override
        public void failure(String reason) {
          actor.tell(failure.apply(reason));
        }

        @Override
        public void closed(String reason) {
          actor.tell(closed.apply(reason));
        }

        @Override
        public void writable() {
          if (writable != null) {
            actor.tell(writable);
          }
        }
      };
    }
  }

  private final Events actor;
  private final NetConnection connection;
  private final WireDecoder decoder;
  private final AtomicInteger unprocessed = new AtomicInteger();
  private ByteBuffer handshakeBytes; // non-null while the remote handshake is still awaited
  private boolean failed;

  WireListener(Events actor, NetConnection connection, int maxMessageLength,
      boolean awaitHandshake) {
    this(actor, connection, maxMessageLength, awaitHandshake, null);
  }

  /** @param blockSink where requested blocks land without a copy of their own; null for none */
  WireListener(Events actor, NetConnection connection, int maxMessageLength,
      boolean awaitHandshake, BlockSink blockSink) {
    this.actor = actor;
    this.connection = connection;
    this.decoder = new WireDecoder(maxMessageLength, blockSink);
    this.handshakeBytes = awaitHandshake ? ByteBuffer.allocate(HandshakeCodec.LENGTH) : null;
  }

  @Override
  public void onData(ByteBuffer data) {
    if (failed) {
      data.position(data.limit());
      return;
    }
    if (handshakeBytes != null) {
      while (data.hasRemaining() && handshakeBytes.hasRemaining()) {
        handshakeBytes.put(data.get());
      }
      if (handshakeBytes.hasRemaining()) {
        return;
      }
      handshakeBytes.flip();
      HandshakeResult<Handshake> result = HandshakeCodec.decode(handshakeBytes);
      handshakeBytes = null;
      if (!(result instanceof HandshakeResult.Decoded<Handshake> decoded)) {
        fail("bad handshake: " + result);
        data.position(data.limit());
        return;
      }
      actor.handshake(decoded.value());
    }
    decode(data);
  }

  /** Decodes bytes that arrived before this listener was attached (after an inbound handshake). */
  void decodeLeftover(ByteBuffer leftover) {
    if (leftover.hasRemaining()) {
      decode(leftover);
    }
  }

  private void decode(ByteBuffer data) {
    if (!data.hasRemaining()) {
      return;
    }
    List<PeerMessage> batch = new ArrayList<>();
    DecodeResult result = decoder.decode(data, batch);
    if (!batch.isEmpty()) {
      if (unprocessed.incrementAndGet() >= MAX_UNPROCESSED_BATCHES) {
        connection.pauseReading();
      }
      actor.messages(batch);
    }
    if (!result.isOk()) {
      fail(result.toString());
      data.position(data.limit());
    }
  }

  /** Called by the actor when it has handled one batch. */
  void batchProcessed() {
    if (unprocessed.decrementAndGet() == MAX_UNPROCESSED_BATCHES / 2) {
      connection.resumeReadingUnless(() -> unprocessed.get() >= MAX_UNPROCESSED_BATCHES);
    }
  }

  private void fail(String reason) {
    failed = true;
    actor.failure(reason);
  }

  @Override
  public void onWritable() {
    actor.writable();
  }

  @Override
  public void onClosed(Throwable cause) {
    actor.closed(cause == null ? "closed by peer" : cause.toString());
  }
}
