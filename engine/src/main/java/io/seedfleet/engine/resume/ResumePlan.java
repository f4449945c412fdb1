package io.seedfleet.engine.resume;

import io.seedfleet.engine.storage.FileStamp;
import io.seedfleet.engine.storage.PieceLayout;
import java.util.BitSet;
import java.util.List;

/**
 * Which pieces a snapshot lets a restart trust, and which must be hashed again.
 *
 * <p>A file whose stamp (size and modification time) differs from the snapshot's, or that is
 * missing now, was changed after the snapshot: by us (pieces written after it) or by someone
 * else. Every piece touching such a file is re-verified, whether the snapshot had it or not, so
 * pieces written after the last save and data copied in by hand are found again. In a file that
 * did not change, a piece the snapshot marks verified is trusted, and a piece it does not mark is
 * not verified and is not read: the engine writes only verified pieces, and any write after the
 * snapshot would have changed the file's stamp.
 *
 * @param trusted pieces taken as verified without reading them
 * @param suspect pieces to hash now (those of them whose files are missing or short are then
 *     skipped by the storage without reading)
 */
public record ResumePlan(BitSet trusted, BitSet suspect) {

  public ResumePlan {
    trusted = (BitSet) trusted.clone();
    suspect = (BitSet) suspect.clone();
  }

  @Override
  public BitSet trusted() {
    return (BitSet) trusted.clone();
  }

  @Override
  public BitSet suspect() {
    return (BitSet) suspect.clone();
  }

  /**
   * @param now the files' stamps at start, in torrent order (as {@code saved.files()})
   * @throws IllegalArgumentException if the snapshot's shape does not match the layout (callers
   *     decode with {@link ResumeCodec.Expected}, which rules that out)
   */
  public static ResumePlan of(ResumeState saved, PieceLayout layout, List<FileStamp> now) {
    if (saved.pieceCount() != layout.pieceCount() || saved.files().size() != layout.fileCount()
        || now.size() != layout.fileCount()) {
      throw new IllegalArgumentException("snapshot and layout differ");
    }
    BitSet suspect = new BitSet(layout.pieceCount());
    for (int file = 0; file < layout.fileCount(); file++) {
      int[] pieces = layout.piecesOfFile(file);
      boolean changed = !now.get(file).equals(saved.files().get(file));
      if (changed && pieces.length == 2) {
        suspect.set(pieces[0], pieces[1] + 1);
      }
    }
    BitSet trusted = saved.verified();
    trusted.andNot(suspect);
    return new ResumePlan(trusted, suspect);
  }
}
