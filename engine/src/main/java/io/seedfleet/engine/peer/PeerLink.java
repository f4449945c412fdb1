package io.seedfleet.engine.peer;

import io.seedfleet.engine.limit.BucketChain;
import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.net.NetLoop;
import io.seedfleet.engine.storage.TorrentStorage;
import io.seedfleet.engine.torrent.PieceBuffers;
import io.seedfleet.engine.torrent.PiecePickerActor;
import io.seedfleet.engine.torrent.Torrent;
import io.seedfleet.engine.wire.WireRules;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What a {@link PeerConnection} needs from its torrent: identity, geometry, storage and the actors
 * it reports to. Immutable; one per connection (the {@code key} differs).
 *
 * @param key the torrent-local id of this connection, used by the picker and choker
 * @param disk the executor for blocking storage reads (a dedicated dispatcher)
 * @param metadata the raw info dict (read-only) served over ut_metadata (BEP 9)
 * @param pexAllowed false for private torrents (BEP 27): no ut_pex offered or accepted
 * @param uploadLimit tokens for the piece payload we send (the node's and the torrent's buckets)
 * @param downloadLimit tokens for the bytes we read from the socket
 * @param pieceBuffers where requested blocks land straight from the socket; null to copy each
 */
public record PeerLink(
    int key,
    InfoHash infoHash,
    byte[] ourPeerId,
    WireRules.Geometry geometry,
    TorrentStorage storage,
    ActorRef<Torrent.Command> torrent,
    ActorRef<PiecePickerActor.Command> picker,
    NetLoop loop,
    Executor disk,
    int listenPort,
    ByteBuffer metadata,
    boolean pexAllowed,
    BucketChain uploadLimit,
    BucketChain downloadLimit,
    PieceBuffers pieceBuffers) {

  /** A link without rate limits. */
  public PeerLink(int key, InfoHash infoHash, byte[] ourPeerId, WireRules.Geometry geometry, TorrentStorage storage,
      ActorRef<Torrent.Command> torrent, ActorRef<PiecePickerActor.Command> picker, NetLoop loop, Executor disk,
      int listenPort, ByteBuffer metadata, boolean pexAllowed) {
    this(key, infoHash, ourPeerId, geometry, storage, torrent, picker, loop, disk, listenPort, metadata, pexAllowed,
        BucketChain.unlimited(), BucketChain.unlimited(), null);
  }
}
