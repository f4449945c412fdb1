package io.seedfleet.engine.resume;

import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.storage.FileStamp;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;

/**
 * A torrent's fast-resume snapshot.
 *
 * <p>Invariant: every piece in {@code verified} passed its hash check and its bytes had been
 * forced to the disk before {@code files} was taken; {@code files} describes the files as they
 * were right after that flush. The format version is the codec's concern ({@link
 * ResumeCodec#FORMAT_VERSION}): a decoded state always has the current one.
 *
 * @param verified the verified pieces; no bit at or past {@code pieceCount}
 * @param files one stamp per file of the torrent, in torrent order
 * @param savedAtMillis when the snapshot was taken, for humans and logs
 */
public record ResumeState(
    InfoHash infoHash,
    int pieceLength,
    int pieceCount,
    BitSet verified,
    List<FileStamp> files,
    long savedAtMillis) {

  public ResumeState {
    Objects.requireNonNull(infoHash, "infoHash");
    if (pieceLength <= 0 || pieceCount <= 0) {
      throw new IllegalArgumentException("piece length " + pieceLength + ", count " + pieceCount);
    }
    if (verified.length() > pieceCount) {
      throw new IllegalArgumentException(
          "piece " + (verified.length() - 1) + " verified of " + pieceCount);
    }
    verified = (BitSet) verified.clone();
    files = List.copyOf(files);
  }

  /** A copy: the state stays immutable. */
  @Override
  public BitSet verified() {
    return (BitSet) verified.clone();
  }
}
