package io.seedfleet.engine.wire;

import io.seedfleet.engine.metainfo.InfoHash;
import java.util.Objects;

/**
 * The first 68 bytes each side sends; see {@link HandshakeCodec} for the layout.
 *
 * @param reserved the extension bits
 * @param infoHash the torrent the connection is for
 * @param peerId the sender's id
 * @see <a href="https://www.bittorrent.org/beps/bep_0003.html">BEP 3</a>
 */
public record Handshake(ReservedBits reserved, InfoHash infoHash, PeerId peerId) {
  public Handshake {
    Objects.requireNonNull(reserved, "reserved");
    Objects.requireNonNull(infoHash, "infoHash");
    Objects.requireNonNull(peerId, "peerId");
  }

  /** The first 48 bytes of a handshake: enough for a listener to pick the torrent. */
  public record Header(ReservedBits reserved, InfoHash infoHash) {
    public Header {
      Objects.requireNonNull(reserved, "reserved");
      Objects.requireNonNull(infoHash, "infoHash");
    }

    /** The full handshake once the peer id has arrived. */
    public Handshake withPeerId(PeerId peerId) {
      return new Handshake(reserved, infoHash, peerId);
    }
  }
}
