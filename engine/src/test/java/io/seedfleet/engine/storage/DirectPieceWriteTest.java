package io.seedfleet.engine.storage;

import static io.seedfleet.engine.storage.TestFiles.files;
import static org.assertj.core.api.Assertions.assertThat;

import io.seedfleet.engine.metainfo.FileEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TorrentStorage#writePiece}: aligned parts with O_DIRECT, the rest through the page cache. */
class DirectPieceWriteTest {
  private static final int PIECE = 256 * 1024;

  @TempDir Path temp;

  @Test
  void aSingleFileWrittenPieceByPieceInRandomOrderReadsBackExactly() throws IOException {
    List<FileEntry> files = files("release.bin:" + (5L * PIECE - 1000 + 7));
    byte[] data = TestFiles.stream(files, 3);
    Path root = temp.resolve("single");
    try (TorrentStorage storage = TorrentStorage.open(root, new PieceLayout(files, PIECE, data.length))) {
      assertThat(storage.directAlignment()).as("ext4 under the test's temp dir takes O_DIRECT").isGreaterThan(0);
      writeEveryPiece(storage, data, new Random(1));
      assertReadsBack(storage, data);
      storage.flush();
      assertThat(storage.directAlignment()).as("no write was refused").isGreaterThan(0);
    }
    assertThat(Files.readAllBytes(root.resolve("release.bin"))).isEqualTo(data);
  }

  @Test
  void filesWithUnalignedBoundariesPaddingAndEmptyFilesReadBackExactly() throws IOException {
    List<FileEntry> files = files("r/a:70001", "r/b:300000", "r/empty:0", "r/c:5", "!r/.pad/0:4091",
        "r/d:200000", "r/e:131072");
    byte[] data = TestFiles.stream(files, 4);
    Path root = temp.resolve("multi");
    try (TorrentStorage storage = TorrentStorage.open(root, new PieceLayout(files, 128 * 1024, data.length))) {
      writeEveryPiece(storage, data, new Random(2));
      assertReadsBack(storage, data);
      storage.flush();
    }
    for (FileEntry file : files) {
      if (!file.padding()) {
        int from = (int) file.offset();
        assertThat(Files.readAllBytes(root.resolve(String.join("/", file.path()))))
            .as(file.displayPath()).isEqualTo(Arrays.copyOfRange(data, from, from + (int) file.length()));
      }
    }
    assertThat(root.resolve("r/.pad")).doesNotExist();
  }

  @Test
  void aPieceWrittenDirectReplacesWhatThePageCacheHeldForIt() throws IOException {
    List<FileEntry> files = files("x.bin:" + 2L * PIECE);
    byte[] data = TestFiles.stream(files, 5);
    try (TorrentStorage storage = TorrentStorage.open(temp.resolve("x"), new PieceLayout(files, PIECE, data.length))) {
      byte[] garbage = TestFiles.bytes(PIECE, 99);
      storage.writeBlock(1, 0, ByteBuffer.wrap(garbage)); // buffered, now in the page cache
      ByteBuffer cached = ByteBuffer.allocate(PIECE);
      storage.readBlock(1, 0, cached);
      assertThat(cached.array()).isEqualTo(garbage);
      storage.writePiece(1, ByteBuffer.wrap(data, PIECE, PIECE));
      ByteBuffer after = ByteBuffer.allocate(PIECE);
      storage.readBlock(1, 0, after);
      assertThat(after.array()).isEqualTo(Arrays.copyOfRange(data, PIECE, 2 * PIECE));
    }
  }

  @Test
  void writePieceConsumesTheBuffer() throws IOException {
    List<FileEntry> files = files("y.bin:" + PIECE);
    byte[] data = TestFiles.stream(files, 6);
    try (TorrentStorage storage = TorrentStorage.open(temp.resolve("y"), new PieceLayout(files, PIECE, data.length))) {
      ByteBuffer piece = ByteBuffer.wrap(data);
      storage.writePiece(0, piece);
      assertThat(piece.hasRemaining()).isFalse();
      assertThat(piece.limit()).isEqualTo(PIECE);
    }
  }

  @Test
  void alignmentArithmetic() {
    assertThat(DirectIo.alignUp(0, 4096)).isZero();
    assertThat(DirectIo.alignUp(1, 4096)).isEqualTo(4096);
    assertThat(DirectIo.alignUp(8192, 4096)).isEqualTo(8192);
    assertThat(DirectIo.alignDown(8191, 4096)).isEqualTo(4096);
    assertThat(DirectIo.alignDown(70001, 4096)).isEqualTo(69632);
    ByteBuffer buffer = DirectIo.buffer(12345, 4096);
    assertThat(buffer.isDirect()).isTrue();
    assertThat(buffer.remaining()).isEqualTo(12345);
    assertThat(buffer.alignmentOffset(0, 4096)).isZero();
  }

  @Test
  void onlyARefusalOfODirectTurnsItOff() {
    assertThat(DirectIo.refused(new IOException("Invalid argument"))).isTrue();
    assertThat(DirectIo.refused(new IOException("Channel position (5) is not a multiple of the block size (4096)")))
        .isTrue();
    assertThat(DirectIo.refused(new StorageException(StorageError.IO_ERROR, "cannot open f",
        new IOException("Invalid argument")))).isTrue();
    assertThat(DirectIo.refused(new IOException("No space left on device"))).isFalse();
    assertThat(DirectIo.refused(new IOException("Input/output error"))).isFalse();
  }

  private static void writeEveryPiece(TorrentStorage storage, byte[] data, Random random) throws IOException {
    PieceLayout layout = storage.layout();
    List<Integer> order = new ArrayList<>();
    for (int piece = 0; piece < layout.pieceCount(); piece++) {
      order.add(piece);
    }
    Collections.shuffle(order, random);
    for (int piece : order) {
      storage.writePiece(piece, ByteBuffer.wrap(data, (int) layout.pieceOffset(piece), layout.pieceSize(piece)));
    }
  }

  private static void assertReadsBack(TorrentStorage storage, byte[] data) throws IOException {
    PieceLayout layout = storage.layout();
    for (int piece = 0; piece < layout.pieceCount(); piece++) {
      ByteBuffer dst = ByteBuffer.allocate(layout.pieceSize(piece));
      storage.readBlock(piece, 0, dst);
      int at = (int) layout.pieceOffset(piece);
      assertThat(dst.array()).as("piece " + piece).isEqualTo(Arrays.copyOfRange(data, at, at + dst.capacity()));
    }
  }
}
