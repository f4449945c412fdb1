package io.seedfleet.engine.session;

import io.seedfleet.engine.net.ConnectionListener;
import io.seedfleet.engine.net.NetConnection;
import io.seedfleet.engine.wire.Handshake;
import io.seedfleet.engine.wire.HandshakeCodec;
import io.seedfleet.engine.wire.HandshakeResult;
import java.nio.ByteBuffer;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Reads an inbound connection's handshake on the network loop, then pauses reading and hands the
 * connection to the session, which routes it by info-hash. Anything else (an MSE/PE encrypted
 * handshake, HTTP, garbage) closes the connection without creating any actor.
 */
final class HandshakeSniffer implements ConnectionListener {
  private final ActorRef<Session.Command> session;
  private final NetConnection connection;
  private final ByteBuffer handshake = ByteBuffer.allocate(HandshakeCodec.LENGTH);
  private volatile boolean done;

  HandshakeSniffer(ActorRef<Session.Command> session, NetConnection connection) {
    this.session = session;
    this.connection = connection;
  }

  @Override
  public void onData(ByteBuffer data) {
    if (done) {
      data.position(data.limit());
      return;
    }
    while (data.hasRemaining() && handshake.hasRemaining()) {
      handshake.put(data.get());
      if (handshake.position() == 1 && handshake.get(0) != 19) {
        reject(data); // not BitTorrent's plaintext handshake: most likely MSE/PE, which we do not speak
        return;
      }
    }
    if (handshake.hasRemaining()) {
      return;
    }
    done = true;
    handshake.flip();
    if (!(HandshakeCodec.decode(handshake) instanceof HandshakeResult.Decoded<Handshake> decoded)) {
      reject(data);
      return;
    }
    connection.pauseReading();
    ByteBuffer leftover = ByteBuffer.allocate(data.remaining());
    leftover.put(data).flip();
    session.tell(new Session.InboundHandshake(connection, decoded.value(), leftover));
  }

  private void reject(ByteBuffer data) {
    done = true;
    data.position(data.limit());
    connection.close();
  }

  /** Closes the connection if its handshake has not arrived (a slowloris or a silent port scan). */
  void expire() {
    if (!done) {
      done = true;
      connection.close();
    }
  }

  @Override
  public void onClosed(Throwable cause) {
    done = true;
  }
}
