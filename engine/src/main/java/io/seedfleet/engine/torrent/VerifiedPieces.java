package io.seedfleet.engine.torrent;

import io.seedfleet.engine.metainfo.Metainfo;
import java.util.BitSet;

/**
 * The pieces a torrent has verified and written, and how many wanted ones are still missing (the
 * picker counts those, since file priorities decide what is wanted). Owned by the torrent actor.
 */
final class VerifiedPieces {
  private final Metainfo metainfo;
  private BitSet have = new BitSet();
  private int wantedRemaining;

  VerifiedPieces(Metainfo metainfo) {
    this.metainfo = metainfo;
    this.wantedRemaining = metainfo.pieceCount();
  }

  /** A check's outcome replaces what was known; until the picker says otherwise every missing piece is wanted. */
  void checked(BitSet verified) {
    have = verified;
    wantedRemaining = metainfo.pieceCount() - verified.cardinality();
  }

  /** The live set; whoever keeps it beyond the current message must clone it. */
  BitSet bitfield() {
    return have;
  }

  /** Records a verified piece; false when it was already known. */
  boolean add(int piece) {
    if (have.get(piece)) {
      return false;
    }
    have.set(piece);
    wantedRemaining = Math.max(0, wantedRemaining - 1);
    return true;
  }

  int count() {
    return have.cardinality();
  }

  boolean all() {
    return have.cardinality() == metainfo.pieceCount();
  }

  int wantedRemaining() {
    return wantedRemaining;
  }

  void wantedRemaining(int remaining) {
    wantedRemaining = remaining;
  }

  boolean wantedComplete() {
    return wantedRemaining == 0;
  }

  /** Bytes of the verified pieces; the last piece is usually shorter than the others. */
  long verifiedBytes() {
    long bytes = (long) have.cardinality() * metainfo.pieceLength();
    int last = metainfo.pieceCount() - 1;
    if (have.get(last)) {
      bytes -= metainfo.pieceLength() - metainfo.pieceSize(last);
    }
    return bytes;
  }

  /** What trackers call "left": the bytes not yet verified. */
  long bytesLeft() {
    return Math.max(0, metainfo.totalLength() - verifiedBytes());
  }
}
