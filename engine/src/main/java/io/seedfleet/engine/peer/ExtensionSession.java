package io.seedfleet.engine.peer;

import io.seedfleet.engine.wire.PeerMessage;
import io.seedfleet.engine.wire.extension.ExtensionMessageException;
import io.seedfleet.engine.wire.extension.PexMessage;
import io.seedfleet.engine.wire.extension.PexPeer;
import io.seedfleet.engine.wire.extension.UtMetadata;
import io.seedfleet.engine.wire.extension.UtMetadataMessage;
import io.seedfleet.engine.wire.extension.UtPex;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One connection's BEP 10 extension traffic: what the peer's extended handshake offered, and how
 * its ut_metadata (BEP 9) and ut_pex (BEP 11) messages are answered. Pure bookkeeping; the
 * connection actor owns it and carries out each {@link Outcome}.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0010.html">BEP 10</a>
 */
final class ExtensionSession {
  /** BEP 11 asks for at most one PEX message a minute; we ignore any that come faster. */
  private static final long MIN_PEX_INTERVAL_NANOS = Duration.ofSeconds(45).toNanos();

  /** What the actor must do about one extended message. */
  sealed interface Outcome {
    /** The peer's extended handshake arrived; {@code pex} tells whether we exchange peers with it. */
    record Negotiated(ExtensionHandshakes.Remote remote, boolean pex) implements Outcome {}

    /** Send this answer to the peer. */
    record Reply(PeerMessage.Extended message) implements Outcome {}

    /** Addresses the peer told us about (BEP 11), at most {@link UtPex#MAX_PEERS_PER_LIST}. */
    record PeersLearned(List<InetSocketAddress> peers) implements Outcome {}

    /** The message did not parse; only that message is ignored. */
    record Malformed(String extension, String reason) implements Outcome {}

    enum Nothing implements Outcome { INSTANCE }
  }

  private final boolean pexAllowed;
  private final MetadataServing metadataServing;
  private ExtensionHandshakes.Remote remote;
  private long lastPexReceivedNanos;

  /**
   * @param pexAllowed false for private torrents (BEP 27): no ut_pex sent or accepted
   * @param metadata the raw info dict served over ut_metadata
   */
  ExtensionSession(boolean pexAllowed, ByteBuffer metadata) {
    this.pexAllowed = pexAllowed;
    this.metadataServing = new MetadataServing(metadata);
  }

  Outcome received(PeerMessage.Extended extended, long nowNanos) {
    return switch (extended.extendedId()) {
      case PeerMessage.Extended.HANDSHAKE_ID ->
          ExtensionHandshakes.remote(extended.payload()).<Outcome>map(this::negotiated).orElse(Outcome.Nothing.INSTANCE);
      case ExtensionHandshakes.OUR_UT_METADATA_ID -> onUtMetadata(extended.payload());
      case ExtensionHandshakes.OUR_UT_PEX_ID -> onUtPex(extended.payload(), nowNanos);
      default -> Outcome.Nothing.INSTANCE; // an extension we never offered: ignored, as BEP 10 allows
    };
  }

  /** The ut_pex message to send, when the peer takes ut_pex and PEX is allowed. */
  Optional<PeerMessage.Extended> pex(PexMessage message) {
    if (pexAllowed && remote != null && remote.utPexId().isPresent()) {
      return Optional.of(new PeerMessage.Extended(remote.utPexId().getAsInt(), ByteBuffer.wrap(UtPex.encode(message))));
    }
    return Optional.empty();
  }

  private Outcome negotiated(ExtensionHandshakes.Remote remote) {
    this.remote = remote;
    return new Outcome.Negotiated(remote, pexAllowed && remote.utPexId().isPresent());
  }

  /** BEP 9: answer requests for the info dict; we never ask a connected torrent's peers for it. */
  private Outcome onUtMetadata(ByteBuffer payload) {
    if (remote == null || remote.utMetadataId().isEmpty()) {
      return Outcome.Nothing.INSTANCE;
    }
    try {
      if (UtMetadata.decode(payload, 0) instanceof UtMetadataMessage.Request request) {
        UtMetadataMessage answer = metadataServing.answer(request.piece());
        return new Outcome.Reply(new PeerMessage.Extended(remote.utMetadataId().getAsInt(),
            ByteBuffer.wrap(UtMetadata.encode(answer))));
      }
      return Outcome.Nothing.INSTANCE;
    } catch (ExtensionMessageException e) {
      return new Outcome.Malformed(UtMetadata.NAME, e.getMessage());
    }
  }

  /** BEP 11: hand at most 50 new addresses to the torrent, at most about once a minute. */
  private Outcome onUtPex(ByteBuffer payload, long now) {
    if (!pexAllowed || (lastPexReceivedNanos != 0 && now - lastPexReceivedNanos < MIN_PEX_INTERVAL_NANOS)) {
      return Outcome.Nothing.INSTANCE;
    }
    lastPexReceivedNanos = now;
    try {
      PexMessage message = UtPex.decode(payload);
      List<InetSocketAddress> added = message.added().stream().map(PexPeer::address)
          .limit(UtPex.MAX_PEERS_PER_LIST).toList();
      return added.isEmpty() ? Outcome.Nothing.INSTANCE : new Outcome.PeersLearned(added);
    } catch (ExtensionMessageException e) {
      return new Outcome.Malformed(UtPex.NAME, e.getMessage());
    }
  }
}
