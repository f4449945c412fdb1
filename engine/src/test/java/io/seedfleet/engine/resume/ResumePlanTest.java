package io.seedfleet.engine.resume;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedfleet.engine.metainfo.FileEntry;
import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.storage.FileStamp;
import io.seedfleet.engine.storage.PieceLayout;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which pieces a restart trusts: pieces touching a changed file are hashed, the rest follow the snapshot. */
class ResumePlanTest {
  private static final InfoHash HASH = InfoHash.fromHex("0123456789abcdef0123456789abcdef01234567");
  private static final int PIECE = 16384;
  // a: pieces 0..1 (and the start of 2), b: the rest of piece 2 and pieces 3..4, c: empty
  private static final PieceLayout LAYOUT = new PieceLayout(List.of(
      new FileEntry(List.of("a"), 2 * PIECE + 100, 0, false),
      new FileEntry(List.of("b"), 3 * PIECE - 100, 2 * PIECE + 100, false),
      new FileEntry(List.of("c"), 0, 5L * PIECE, false)), PIECE, 5L * PIECE);
  private static final FileStamp A = new FileStamp(2 * PIECE + 100, 1000);
  private static final FileStamp B = new FileStamp(3 * PIECE - 100, 2000);
  private static final FileStamp C = new FileStamp(0, 3000);

  private static BitSet bits(int... pieces) {
    BitSet bits = new BitSet();
    for (int piece : pieces) {
      bits.set(piece);
    }
    return bits;
  }

  private static ResumeState saved(BitSet verified) {
    return new ResumeState(HASH, PIECE, 5, verified, List.of(A, B, C), 0);
  }

  @Test
  void unchangedFilesTrustTheSnapshotAndHashNothing() {
    ResumePlan plan = ResumePlan.of(saved(bits(0, 1, 3)), LAYOUT, List.of(A, B, C));
    assertThat(plan.trusted()).isEqualTo(bits(0, 1, 3));
    assertThat(plan.suspect()).isEqualTo(new BitSet());
  }

  @Test
  void aFileWithAnotherTimeHasAllItsPiecesHashedIncludingTheSharedOne() {
    ResumePlan plan = ResumePlan.of(saved(bits(0, 1, 2, 3, 4)), LAYOUT, List.of(A, new FileStamp(B.size(), 2001), C));
    assertThat(plan.suspect()).isEqualTo(bits(2, 3, 4));
    assertThat(plan.trusted()).isEqualTo(bits(0, 1));
  }

  @Test
  void aFileOfAnotherSizeOrMissingIsSuspect() {
    ResumePlan grown = ResumePlan.of(saved(bits(0, 1)), LAYOUT, List.of(new FileStamp(A.size() + 1, 1000), B, C));
    assertThat(grown.suspect()).isEqualTo(bits(0, 1, 2));
    assertThat(grown.trusted()).isEqualTo(new BitSet());
    ResumePlan missing = ResumePlan.of(saved(bits(0, 1, 3)), LAYOUT, List.of(FileStamp.ABSENT, B, C));
    assertThat(missing.suspect()).isEqualTo(bits(0, 1, 2));
    assertThat(missing.trusted()).isEqualTo(bits(3));
  }

  @Test
  void unverifiedPiecesInAChangedFileAreHashedToo() {
    // written after the snapshot (or copied in by hand): found again without a full check
    ResumePlan plan = ResumePlan.of(saved(bits()), LAYOUT, List.of(new FileStamp(A.size(), 1500), B, C));
    assertThat(plan.suspect()).isEqualTo(bits(0, 1, 2));
    assertThat(plan.trusted()).isEqualTo(new BitSet());
  }

  @Test
  void aChangedEmptyFileTouchesNoPiece() {
    ResumePlan plan = ResumePlan.of(saved(bits(4)), LAYOUT, List.of(A, B, new FileStamp(0, 9999)));
    assertThat(plan.suspect()).isEqualTo(new BitSet());
    assertThat(plan.trusted()).isEqualTo(bits(4));
  }
}
