package io.seedfleet.engine.peer;

import io.seedfleet.engine.choke.PeerSnapshot;
import java.util.BitSet;

/**
 * The mutable protocol state of one connection, owned by its {@link PeerConnection} actor and never
 * shared. Field names follow BEP 3: {@code amChoking} means we choke the peer.
 */
final class PeerState {
  final int pieceCount;
  /** Pieces we have verified; updated as the torrent announces new ones. */
  final BitSet ourPieces;
  /** Pieces the peer claims to have. */
  BitSet peerPieces;

  boolean amChoking = true;
  boolean amInterested;
  boolean peerChoking = true;
  boolean peerInterested;
  boolean fastExtension;
  boolean extensionProtocol;
  /** The peer left our requests unanswered too long; we stop asking it until it delivers again. */
  boolean snubbed;
  byte[] remotePeerId;

  final TransferRate download = new TransferRate();
  final TransferRate upload = new TransferRate();
  long wastedBytes;
  long reportedDownload;
  long reportedUpload;
  long droppedRequests;
  long lastReceivedNanos = System.nanoTime();
  long lastSentNanos = System.nanoTime();
  long lastBlockNanos;
  long unchokedAtNanos;

  PeerState(int pieceCount, BitSet ourPieces) {
    this.pieceCount = pieceCount;
    this.ourPieces = (BitSet) ourPieces.clone();
    this.peerPieces = new BitSet(pieceCount);
  }

  boolean peerIsSeed() {
    return peerPieces.cardinality() == pieceCount;
  }

  PeerSnapshot snapshot(int key) {
    return new PeerSnapshot(
        key,
        peerInterested,
        snubbed,
        download.perSecond(),
        upload.perSecond(),
        !amChoking,
        unchokedAtNanos,
        peerIsSeed());
  }
}
