package io.seedfleet.engine.peer;

import io.seedfleet.engine.choke.PeerSnapshot;
import io.seedfleet.engine.torrent.PiecePickerActor;
import io.seedfleet.engine.torrent.Torrent;
import io.seedfleet.engine.wire.Handshake;
import io.seedfleet.engine.wire.PeerMessage;
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
  /** The snapshot in the last report to the torrent; null before the first. */
  PeerSnapshot reportedSnapshot;
  long lastTickNanos = System.nanoTime();
  long lastReceivedNanos = System.nanoTime();
  long lastSentNanos = System.nanoTime();
  long lastBlockNanos;
  long unchokedAtNanos;

  PeerState(int pieceCount, BitSet ourPieces) {
    this.pieceCount = pieceCount;
    this.ourPieces = (BitSet) ourPieces.clone();
    this.peerPieces = new BitSet(pieceCount);
  }

  /** The peer's handshake arrived: what it speaks, and who it is. */
  void handshaken(Handshake handshake, long nowNanos) {
    fastExtension = handshake.reserved().supportsFast();
    extensionProtocol = handshake.reserved().supportsExtensionProtocol();
    remotePeerId = handshake.peerId().bytes();
    lastReceivedNanos = nowNanos;
  }

  /** A tick: the rates move on by the time since the previous one. */
  void tick(long nowNanos) {
    double seconds = (nowNanos - lastTickNanos) / 1e9;
    lastTickNanos = nowNanos;
    download.tick(seconds);
    upload.tick(seconds);
  }

  /**
   * A block arrived. One we asked for ({@code requested}) counts and ends a snub; any other
   * (unrequested, cancelled or a duplicate) is waste. Returns {@code requested}.
   */
  boolean blockReceived(boolean requested, int bytes, long nowNanos) {
    if (!requested) {
      wastedBytes += bytes;
      return false;
    }
    download.add(bytes);
    lastBlockNanos = nowNanos;
    snubbed = false;
    return true;
  }

  /**
   * Applies what a have, bitfield, have_all or have_none says the peer has, and returns the news
   * for the picker, or null when nothing changed. BEP 3 sends the bitfield first; aria2 also resends
   * one mid-connection. Like libtorrent, a later bitfield replaces what we knew.
   */
  PiecePickerActor.Command peerAnnounced(PeerMessage message, int key) {
    switch (message) {
      case PeerMessage.Have have -> {
        if (peerPieces.get(have.piece())) {
          return null;
        }
        peerPieces.set(have.piece());
        return new PiecePickerActor.PeerHave(key, have.piece());
      }
      case PeerMessage.Bitfield bitfield -> {
        peerPieces = bitfield.toBitSet();
        return new PiecePickerActor.PeerBitfield(key, (BitSet) peerPieces.clone());
      }
      case PeerMessage.HaveAll all -> {
        peerPieces.set(0, pieceCount);
        return new PiecePickerActor.PeerHaveAll(key);
      }
      case PeerMessage.HaveNone none -> {
        peerPieces = new BitSet(pieceCount);
        return new PiecePickerActor.PeerBitfield(key, new BitSet());
      }
      default -> throw new IllegalArgumentException("not about the peer's pieces: " + message);
    }
  }

  /** Why a BEP 6 message breaks the protocol here, or null: it needs the fast extension. */
  String fastExtensionViolation(PeerMessage message) {
    if (fastExtension) {
      return null;
    }
    return switch (message) {
      case PeerMessage.RejectRequest r -> "RejectRequest without the fast extension (BEP 6)";
      case PeerMessage.AllowedFast a -> "AllowedFast without the fast extension (BEP 6)";
      case PeerMessage.SuggestPiece s -> "SuggestPiece without the fast extension (BEP 6)";
      case PeerMessage.HaveAll all -> "have_all without the fast extension";
      case PeerMessage.HaveNone none -> "have_none without the fast extension";
      default -> null;
    };
  }

  /** Whether the peer has a piece we lack. */
  boolean peerHasWhatWeLack() {
    BitSet useful = (BitSet) peerPieces.clone();
    useful.andNot(ourPieces);
    return !useful.isEmpty();
  }

  /**
   * The report for the torrent: a snapshot and the bytes moved since the previous report; null
   * when neither changed, since the torrent keeps the last snapshot (an idle connection then costs
   * the torrent actor nothing).
   */
  Torrent.PeerStats statsReport(int key) {
    long downloaded = download.total();
    long uploaded = upload.total();
    PeerSnapshot snapshot = snapshot(key);
    if (downloaded == reportedDownload && uploaded == reportedUpload && snapshot.equals(reportedSnapshot)) {
      return null;
    }
    Torrent.PeerStats report = new Torrent.PeerStats(key, snapshot, downloaded - reportedDownload,
        uploaded - reportedUpload);
    reportedDownload = downloaded;
    reportedUpload = uploaded;
    reportedSnapshot = snapshot;
    return report;
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
