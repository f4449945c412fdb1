package io.seedfleet.engine.storage;

import static io.seedfleet.engine.storage.TestFiles.files;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seedfleet.engine.metainfo.FileEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PieceLayoutTest {

  @Test
  void manySmallFilesWithZeroLengthFilesInTheMiddleAndAtTheEnd() {
    // stream: a a a c c c c c f f f f f f f   (b, d, e, g are empty)
    // pieces: [0 ....][1 ....][2 ....][3 ..]
    List<FileEntry> files = files("t/a:3", "t/b:0", "t/c:5", "t/d:0", "t/e:0", "t/f:7", "t/g:0");
    PieceLayout layout = new PieceLayout(files, 4, 15);

    assertThat(layout.pieceCount()).isEqualTo(4);
    assertThat(layout.pieceSize(0)).isEqualTo(4);
    assertThat(layout.pieceSize(3)).isEqualTo(3);
    assertThat(layout.fileOffsets()).containsExactly(0, 3, 3, 8, 8, 8, 15);
    assertThat(layout.slices(0, 0, 4))
        .containsExactly(new FileSlice(0, 0, 3), new FileSlice(2, 0, 1));
    assertThat(layout.slices(1, 0, 4)).containsExactly(new FileSlice(2, 1, 4));
    assertThat(layout.slices(2, 0, 4)).containsExactly(new FileSlice(5, 0, 4));
    assertThat(layout.slices(3, 0, 3)).containsExactly(new FileSlice(5, 4, 3));
    assertThat(layout.slices(3, 1, 0)).isEmpty();

    assertThat(layout.piecesOfFile(0)).containsExactly(0, 0);
    assertThat(layout.piecesOfFile(1)).isEmpty();
    assertThat(layout.piecesOfFile(2)).containsExactly(0, 1);
    assertThat(layout.piecesOfFile(4)).isEmpty();
    assertThat(layout.piecesOfFile(5)).containsExactly(2, 3);
    assertThat(layout.piecesOfFile(6)).isEmpty();
  }

  @Test
  void blockSpanningThreeFilesSkipsTheEmptyOneBetween() {
    PieceLayout layout = new PieceLayout(files("a:2", "b:3", "c:0", "d:2"), 16, 7);

    assertThat(layout.pieceCount()).isEqualTo(1);
    assertThat(layout.pieceSize(0)).isEqualTo(7);
    assertThat(layout.slices(0, 1, 5))
        .containsExactly(new FileSlice(0, 1, 1), new FileSlice(1, 0, 3), new FileSlice(3, 0, 1));
  }

  @Test
  void lastPieceIsShorterAndExactMultiplesAreNot() {
    PieceLayout shorter = new PieceLayout(files("a:100"), 32, 100);
    assertThat(shorter.pieceCount()).isEqualTo(4);
    assertThat(shorter.pieceSize(3)).isEqualTo(4);
    assertThat(shorter.pieceOffset(3)).isEqualTo(96);

    PieceLayout exact = new PieceLayout(files("a:96"), 32, 96);
    assertThat(exact.pieceCount()).isEqualTo(3);
    assertThat(exact.pieceSize(2)).isEqualTo(32);
  }

  @Test
  void largeTorrentUsesLongOffsets() {
    long big = 5L << 30;
    PieceLayout layout = new PieceLayout(files("a:" + big, "b:10"), 1 << 20, big + 10);
    assertThat(layout.pieceCount()).isEqualTo(5 * 1024 + 1);
    assertThat(layout.slices(5 * 1024, 0, 10)).containsExactly(new FileSlice(1, 0, 10));
    assertThat(layout.slices(5 * 1024 - 1, (1 << 20) - 4, 4))
        .containsExactly(new FileSlice(0, big - 4, 4));
    assertThat(layout.piecesOfFile(1)).containsExactly(5 * 1024, 5 * 1024);
  }

  @Test
  void slicesMatchAByteByByteMappingOnRandomLayouts() {
    Random random = new Random(42);
    for (int round = 0; round < 200; round++) {
      int fileCount = 1 + random.nextInt(12);
      String[] specs = new String[fileCount];
      for (int i = 0; i < fileCount; i++) {
        specs[i] = "f" + i + ":" + (random.nextInt(3) == 0 ? 0 : random.nextInt(40));
      }
      List<FileEntry> files = files(specs);
      long total = TestFiles.total(files);
      if (total == 0) {
        continue;
      }
      int pieceLength = 1 + random.nextInt(20);
      PieceLayout layout = new PieceLayout(files, pieceLength, total);
      for (int piece = 0; piece < layout.pieceCount(); piece++) {
        int size = layout.pieceSize(piece);
        int begin = random.nextInt(size);
        int length = random.nextInt(size - begin + 1);
        List<Long> expected = byteOwners(files, (long) piece * pieceLength + begin, length);
        List<Long> actual = new ArrayList<>();
        for (FileSlice slice : layout.slices(piece, begin, length)) {
          assertThat(files.get(slice.fileIndex()).length()).isPositive();
          for (int k = 0; k < slice.length(); k++) {
            actual.add(((long) slice.fileIndex() << 32) | (slice.fileOffset() + k));
          }
        }
        assertThat(actual).isEqualTo(expected);
      }
      for (int i = 0; i < fileCount; i++) {
        FileEntry file = files.get(i);
        int[] range = layout.piecesOfFile(i);
        if (file.length() == 0) {
          assertThat(range).isEmpty();
        } else {
          assertThat(range)
              .containsExactly(
                  (int) (file.offset() / pieceLength),
                  (int) ((file.offset() + file.length() - 1) / pieceLength));
        }
      }
    }
  }

  /** (file index << 32 | offset in file) of each byte, the slow obvious way. */
  private static List<Long> byteOwners(List<FileEntry> files, long start, int length) {
    List<Long> out = new ArrayList<>();
    for (long position = start; position < start + length; position++) {
      for (int i = 0; i < files.size(); i++) {
        FileEntry file = files.get(i);
        if (position >= file.offset() && position < file.offset() + file.length()) {
          out.add(((long) i << 32) | (position - file.offset()));
          break;
        }
      }
    }
    return out;
  }

  @Test
  void rejectsInconsistentLayouts() {
    assertThatThrownBy(() -> new PieceLayout(files("a:10"), 4, 11))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sum to 10");
    assertThatThrownBy(() -> new PieceLayout(files("a:10"), 0, 10))
        .isInstanceOf(IllegalArgumentException.class);
    List<FileEntry> gap =
        List.of(new FileEntry(List.of("a"), 5, 0, false), new FileEntry(List.of("b"), 5, 6, false));
    assertThatThrownBy(() -> new PieceLayout(gap, 4, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected 5");
    assertThatThrownBy(() -> new PieceLayout(files("a:" + (1L << 40)), 16, 1L << 40))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too many pieces");
  }

  @Test
  void rejectsOutOfRangeRequests() {
    PieceLayout layout = new PieceLayout(files("a:10"), 4, 10);
    assertThatThrownBy(() -> layout.pieceSize(3)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> layout.pieceSize(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> layout.slices(2, 0, 3)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> layout.slices(0, 3, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> layout.slices(0, -1, 1))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> layout.slices(0, 1, Integer.MAX_VALUE))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> layout.piecesOfFile(1)).isInstanceOf(IndexOutOfBoundsException.class);
  }
}
