package io.seedfleet.engine.storage;

import static io.seedfleet.engine.storage.TestFiles.files;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seedfleet.engine.metainfo.FileEntry;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TorrentStorage#mapBlock}: the upload path's views of the files' pages. */
class MappedBlockTest {
  @TempDir Path temp;

  @Test
  void viewsSpanFileBoundariesInStreamOrder() throws IOException {
    List<FileEntry> files = files("t/a:10000", "t/b:5000", "t/c:20000");
    byte[] data = TestFiles.stream(files, 7);
    PieceLayout layout = new PieceLayout(files, 32768, data.length);
    try (TorrentStorage storage = TorrentStorage.open(temp, layout)) {
      storage.writeBlock(0, 0, ByteBuffer.wrap(data, 0, 32768));
      storage.writeBlock(1, 0, ByteBuffer.wrap(data, 32768, data.length - 32768));

      List<ByteBuffer> views = storage.mapBlock(0, 9000, 12000); // a's end, all of b, c's start
      assertThat(views).hasSize(3);
      assertThat(concat(views)).isEqualTo(Arrays.copyOfRange(data, 9000, 21000));
      assertThat(views).allMatch(ByteBuffer::isReadOnly);
    }
  }

  @Test
  void paddingAndShortFilesCannotBeMapped() throws IOException {
    List<FileEntry> files = files("t/a:20000", "!t/.pad/0:12768", "t/b:10000");
    byte[] data = TestFiles.stream(files, 3);
    PieceLayout layout = new PieceLayout(files, 16384, data.length);
    try (TorrentStorage storage = TorrentStorage.open(temp, layout)) {
      storage.writeBlock(0, 0, ByteBuffer.wrap(data, 0, 16384));
      storage.writeBlock(1, 0, ByteBuffer.wrap(data, 16384, 16384));
      assertThat(storage.mapBlock(1, 0, 8000)).as("reaches into the padding file").isNull();
      assertThat(storage.mapBlock(0, 0, 16384)).as("within a").isNotNull();

      storage.writeBlock(2, 0, ByteBuffer.wrap(data, 32768, 4000)); // b is 4000 bytes of 10000
      assertThat(storage.mapBlock(2, 2000, 4000)).as("past b's current end").isNull();
      assertThat(concat(storage.mapBlock(2, 0, 4000))).isEqualTo(Arrays.copyOfRange(data, 32768, 36768));

      storage.writeBlock(2, 4000, ByteBuffer.wrap(data, 36768, 6000)); // b grows: mapped anew
      assertThat(concat(storage.mapBlock(2, 2000, 8000))).isEqualTo(Arrays.copyOfRange(data, 34768, 42768));
    }
  }

  @Test
  void aFileThatShrankIsNotServedFromItsOldMap() throws IOException {
    List<FileEntry> files = files("t/a:40000");
    byte[] data = TestFiles.stream(files, 9);
    PieceLayout layout = new PieceLayout(files, 32768, data.length);
    try (TorrentStorage storage = TorrentStorage.open(temp, layout)) {
      storage.writeBlock(0, 0, ByteBuffer.wrap(data, 0, 32768));
      storage.writeBlock(1, 0, ByteBuffer.wrap(data, 32768, 7232));
      assertThat(storage.mapBlock(1, 0, 7232)).isNotNull(); // the window is mapped now

      try (RandomAccessFile file = new RandomAccessFile(temp.resolve("t/a").toFile(), "rw")) {
        file.setLength(30000); // another program truncates it
      }
      assertThat(storage.mapBlock(1, 0, 7232)).as("a view would fault: readBlock serves it").isNull();
      assertThat(storage.mapBlock(0, 0, 16384)).as("still within the file").isNotNull();
    }
  }

  @Test
  void aMissingFileIsReportedLikeReadBlockDoes() throws IOException {
    PieceLayout layout = new PieceLayout(files("t/a:100"), 64, 100);
    try (TorrentStorage storage = TorrentStorage.open(temp, layout)) {
      assertThatThrownBy(() -> storage.mapBlock(0, 0, 64))
          .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.error()).isEqualTo(StorageError.FILE_MISSING));
    }
  }

  @Test
  void aBlockAcrossTwoMapWindowsComesInTwoViews() throws IOException {
    long size = MappedWindows.WINDOW + (1 << 20);
    int pre = 3 * 16384; // shifts big's file offsets against the stream's
    PieceLayout layout = new PieceLayout(files("pre:" + pre, "big:" + size), 1 << 20, pre + size);
    Path big = temp.resolve("big");
    byte[] around = TestFiles.bytes(32768, 5);
    try (RandomAccessFile file = new RandomAccessFile(big.toFile(), "rw")) {
      file.setLength(size); // sparse: only the bytes around the window boundary are written
      file.seek(MappedWindows.WINDOW - 16384);
      file.write(around);
    }
    try (TorrentStorage storage = TorrentStorage.open(temp, layout)) {
      long stream = pre + MappedWindows.WINDOW - 8192; // big's [WINDOW - 8 KiB, WINDOW + 8 KiB)
      List<ByteBuffer> views = storage.mapBlock((int) (stream >> 20), (int) (stream & ((1 << 20) - 1)), 16384);
      assertThat(views).hasSize(2);
      assertThat(concat(views)).isEqualTo(Arrays.copyOfRange(around, 8192, 24576));
    }
    assertThat(Files.size(big)).as("mapping never grows a file").isEqualTo(size);
  }

  private static byte[] concat(List<ByteBuffer> views) {
    int total = views.stream().mapToInt(ByteBuffer::remaining).sum();
    ByteBuffer out = ByteBuffer.allocate(total);
    views.forEach(v -> out.put(v.duplicate()));
    return out.array();
  }
}
