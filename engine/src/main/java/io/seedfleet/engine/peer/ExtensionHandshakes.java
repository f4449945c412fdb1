package io.seedfleet.engine.peer;

import io.seedfleet.engine.wire.PeerMessage;
import io.seedfleet.engine.wire.extension.ExtendedHandshake;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Our BEP 10 extended handshake, and what we read from the peer's.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0010.html">BEP 10</a>
 */
final class ExtensionHandshakes {
  /**
   * The request queue we advertise. Transmission paces its requests by it (about reqq x 16 KiB per
   * second on loopback), so a large value lets fast clients pull at full speed.
   */
  static final int OUR_REQUEST_QUEUE = 2000;

  private ExtensionHandshakes() {}

  static PeerMessage.Extended ours(int listenPort) {
    ExtendedHandshake handshake = new ExtendedHandshake(Map.of(), Optional.of("seedfleet 0.1.0"),
        OptionalInt.of(listenPort), OptionalInt.of(OUR_REQUEST_QUEUE), OptionalInt.empty(), Optional.empty());
    return new PeerMessage.Extended(0, ByteBuffer.wrap(handshake.encode()));
  }

  /** The peer's advertised request queue length, when its handshake parses and states one. */
  static Optional<Integer> remoteRequestQueue(ByteBuffer payload) {
    byte[] bytes = new byte[payload.remaining()];
    payload.duplicate().get(bytes);
    try {
      ExtendedHandshake handshake = ExtendedHandshake.decode(bytes);
      OptionalInt reqq = handshake.requestQueue();
      return reqq.isPresent() && reqq.getAsInt() > 0 ? Optional.of(reqq.getAsInt()) : Optional.empty();
    } catch (Exception e) {
      return Optional.empty(); // a malformed extended handshake only costs the peer its extensions
    }
  }
}
