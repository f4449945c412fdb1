package io.seedfleet.engine.peer;

import io.seedfleet.engine.wire.PeerMessage;
import io.seedfleet.engine.wire.extension.ExtendedHandshake;
import io.seedfleet.engine.wire.extension.UtMetadata;
import io.seedfleet.engine.wire.extension.UtPex;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
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
  /** The extended id peers use for ut_pex messages to us. */
  static final int OUR_UT_PEX_ID = 1;
  /** The extended id peers use for ut_metadata messages to us. */
  static final int OUR_UT_METADATA_ID = 2;

  /** What a peer's extended handshake told us; ids are the peer's, for messages we send it. */
  record Remote(OptionalInt requestQueue, OptionalInt utMetadataId, OptionalInt utPexId, OptionalInt metadataSize,
      OptionalInt listenPort) {}

  private ExtensionHandshakes() {}

  /**
   * Our handshake.
   *
   * @param metadataSize the info dict's size when we can serve it over ut_metadata, else 0
   * @param pex whether to offer ut_pex: never for a private torrent (BEP 27)
   */
  static PeerMessage.Extended ours(int listenPort, int metadataSize, boolean pex) {
    Map<String, Integer> extensions = new LinkedHashMap<>();
    extensions.put(UtMetadata.NAME, OUR_UT_METADATA_ID);
    if (pex) {
      extensions.put(UtPex.NAME, OUR_UT_PEX_ID);
    }
    ExtendedHandshake handshake = new ExtendedHandshake(extensions, Optional.of("seedfleet 0.1.0"),
        OptionalInt.of(listenPort), OptionalInt.of(OUR_REQUEST_QUEUE),
        metadataSize > 0 ? OptionalInt.of(metadataSize) : OptionalInt.empty(), Optional.empty());
    return new PeerMessage.Extended(0, ByteBuffer.wrap(handshake.encode()));
  }

  /** The peer's handshake, when it parses; a malformed one only costs the peer its extensions. */
  static Optional<Remote> remote(ByteBuffer payload) {
    byte[] bytes = new byte[payload.remaining()];
    payload.duplicate().get(bytes);
    try {
      ExtendedHandshake handshake = ExtendedHandshake.decode(bytes);
      return Optional.of(new Remote(handshake.requestQueue(), handshake.idOf(UtMetadata.NAME),
          handshake.idOf(UtPex.NAME), handshake.metadataSize(), handshake.listenPort()));
    } catch (Exception e) {
      return Optional.empty();
    }
  }
}
