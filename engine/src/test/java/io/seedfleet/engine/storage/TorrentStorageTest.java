package io.seedfleet.engine.storage;

import static io.seedfleet.engine.storage.TestFiles.files;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seedfleet.engine.metainfo.FileEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorrentStorageTest {
  private static final int BLOCK = 4096;

  @TempDir Path temp;

  private final ExecutorService pool = Executors.newFixedThreadPool(4);

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  @Test
  void writesAndReadsBackAcrossFileBoundariesWithPaddingAndEmptyFiles() throws IOException {
    List<FileEntry> files =
        files("t/a:10000", "t/empty1:0", "t/dir/b:5000", "!t/.pad/0:1384", "t/c:20000", "t/e:0");
    byte[] data = TestFiles.stream(files, 1);
    PieceLayout layout = new PieceLayout(files, 16384, data.length);
    Path root = temp.resolve("root");
    try (TorrentStorage storage = TorrentStorage.open(root, layout)) {
      writeAll(storage, data, BLOCK);
      for (int piece = 0; piece < layout.pieceCount(); piece++) {
        for (int begin = 0; begin < layout.pieceSize(piece); begin += 1000) {
          int length = Math.min(1000, layout.pieceSize(piece) - begin);
          ByteBuffer dst = ByteBuffer.allocate(length);
          storage.readBlock(piece, begin, dst);
          assertThat(dst.hasRemaining()).isFalse();
          int at = piece * 16384 + begin;
          assertThat(dst.array()).isEqualTo(Arrays.copyOfRange(data, at, at + length));
        }
      }
      storage.flush();
    }
    assertThat(Files.readAllBytes(root.resolve("t/a"))).isEqualTo(Arrays.copyOfRange(data, 0, 10000));
    assertThat(Files.readAllBytes(root.resolve("t/dir/b")))
        .isEqualTo(Arrays.copyOfRange(data, 10000, 15000));
    assertThat(Files.readAllBytes(root.resolve("t/c")))
        .isEqualTo(Arrays.copyOfRange(data, 16384, 36384));
    assertThat(root.resolve("t/.pad")).doesNotExist();
    assertThat(root.resolve("t/empty1")).isEmptyFile();
    assertThat(root.resolve("t/e")).isEmptyFile();
  }

  @Test
  void writeConsumesTheBufferAndLeavesItsLimit() throws IOException {
    List<FileEntry> files = files("a:100", "b:100");
    try (TorrentStorage storage = TorrentStorage.open(temp, new PieceLayout(files, 64, 200))) {
      ByteBuffer data = ByteBuffer.wrap(TestFiles.bytes(80, 3), 10, 60);
      storage.writeBlock(1, 4, data);
      assertThat(data.position()).isEqualTo(70);
      assertThat(data.limit()).isEqualTo(70);
      ByteBuffer back = ByteBuffer.allocate(60);
      storage.readBlock(1, 4, back);
      assertThat(back.array()).isEqualTo(Arrays.copyOfRange(TestFiles.bytes(80, 3), 10, 70));
    }
  }

  @Test
  void zeroLengthFilesExistRightAfterOpenAndOtherFilesOnlyAfterTheirFirstWrite()
      throws IOException {
    List<FileEntry> files = files("t/deep/er/empty:0", "t/big:100000", "t/other:30000");
    PieceLayout layout = new PieceLayout(files, 16384, 130000);
    try (TorrentStorage storage = TorrentStorage.open(temp, layout)) {
      assertThat(temp.resolve("t/deep/er/empty")).isEmptyFile();
      assertThat(temp.resolve("t/big")).doesNotExist();
      assertThat(temp.resolve("t/other")).doesNotExist();

      // Write only the last block of "big": the file appears, with a hole before the block.
      // Piece 6 starts at 98304: its first 1696 bytes are the end of "big".
      storage.writeBlock(6, 0, ByteBuffer.wrap(TestFiles.bytes(1696, 7)));
      assertThat(Files.size(temp.resolve("t/big"))).isEqualTo(100000);
      assertThat(temp.resolve("t/other")).doesNotExist();

      ByteBuffer hole = ByteBuffer.allocate(16384);
      storage.readBlock(0, 0, hole);
      assertThat(hole.array()).containsOnly(0);

      // Bytes past the current end of a file read as zeros.
      storage.writeBlock(6, 1696, ByteBuffer.wrap(new byte[] {9, 9})); // "other" bytes 0..1
      ByteBuffer pastEnd = ByteBuffer.allocate(10);
      storage.readBlock(6, 1696, pastEnd);
      assertThat(pastEnd.array()).containsExactly(9, 9, 0, 0, 0, 0, 0, 0, 0, 0);
    }
  }

  @Test
  void readingAFileThatWasNeverWrittenIsAnError() throws IOException {
    PieceLayout layout = new PieceLayout(files("a:100", "b:100"), 100, 200);
    try (TorrentStorage storage = TorrentStorage.open(temp, layout)) {
      assertThatThrownBy(() -> storage.readBlock(1, 0, ByteBuffer.allocate(10)))
          .isInstanceOfSatisfying(
              StorageException.class, e -> assertThat(e.error()).isEqualTo(StorageError.FILE_MISSING));
      assertThat(temp.resolve("b")).doesNotExist();
    }
  }

  @Test
  void recheckFindsExactlyTheValidPieces() throws Exception {
    // A 0..40000, B 40000..70000, C 70000..120000, D 120000..140000; 9 pieces of 16384.
    List<FileEntry> files = files("t/A:40000", "t/B:30000", "t/C:50000", "t/D:20000");
    byte[] data = TestFiles.stream(files, 5);
    byte[][] hashes = TestFiles.pieceHashes(data, 16384);
    PieceLayout layout = new PieceLayout(files, 16384, data.length);
    try (TorrentStorage storage = TorrentStorage.open(temp, layout)) {
      writeAll(storage, data, BLOCK);
      BitSet all = storage.recheck(i -> hashes[i], pool, i -> {});
      assertThat(all.cardinality()).isEqualTo(9);
    }

    flipByte(temp.resolve("t/A"), 20000); // piece 1
    try (FileChannel c = FileChannel.open(temp.resolve("t/C"), StandardOpenOption.WRITE)) {
      c.truncate(10000); // C now ends at stream byte 80000: pieces 4..7 are short
    }
    Files.delete(temp.resolve("t/D")); // pieces 7..8

    Set<Integer> progressed = ConcurrentHashMap.newKeySet();
    AtomicInteger calls = new AtomicInteger();
    try (TorrentStorage storage = TorrentStorage.open(temp, layout)) {
      BitSet verified =
          storage.recheck(
              i -> hashes[i],
              pool,
              i -> {
                calls.incrementAndGet();
                progressed.add(i);
              });
      assertThat(verified.stream().boxed().toList()).containsExactly(0, 2, 3);
      // Skipped files were not recreated by the check.
      assertThat(temp.resolve("t/D")).doesNotExist();
      assertThat(Files.size(temp.resolve("t/C"))).isEqualTo(10000);
    }
    assertThat(calls.get()).isEqualTo(9);
    assertThat(progressed).hasSize(9);
  }

  @Test
  void recheckOfASelectionReadsOnlyTheSelectedAvailablePieces() throws Exception {
    List<FileEntry> files = files("t/A:40000", "t/B:30000", "t/C:50000", "t/D:20000");
    byte[] data = TestFiles.stream(files, 6);
    byte[][] hashes = TestFiles.pieceHashes(data, 16384);
    PieceLayout layout = new PieceLayout(files, 16384, data.length);
    try (TorrentStorage storage = TorrentStorage.open(temp, layout)) {
      writeAll(storage, data, BLOCK);
    }
    flipByte(temp.resolve("t/A"), 20000); // piece 1
    Files.delete(temp.resolve("t/D")); // pieces 7..8
    BitSet selected = new BitSet();
    selected.set(1);
    selected.set(3);
    selected.set(8);
    Set<Integer> hashed = ConcurrentHashMap.newKeySet();
    Set<Integer> progressed = ConcurrentHashMap.newKeySet();
    try (TorrentStorage storage = TorrentStorage.open(temp, layout)) {
      BitSet verified = storage.recheck(selected, i -> {
        hashed.add(i);
        return hashes[i];
      }, pool, progressed::add);
      assertThat(verified.stream().boxed().toList()).containsExactly(3);
    }
    assertThat(hashed).containsExactlyInAnyOrder(1, 3); // 8 lies in the missing file: skipped unread
    assertThat(progressed).containsExactlyInAnyOrder(1, 3, 8);
  }

  @Test
  void fileStampsGiveSizeAndTimeAndAbsentForMissingAndPaddingFiles() throws Exception {
    List<FileEntry> files = List.of(
        new FileEntry(List.of("s", "a"), 20000, 0, false),
        new FileEntry(List.of(".pad", "12768"), 12768, 20000, true),
        new FileEntry(List.of("s", "b"), 10000, 32768, false));
    PieceLayout layout = new PieceLayout(files, 16384, 42768);
    try (TorrentStorage storage = TorrentStorage.open(temp, layout)) {
      storage.writeBlock(0, 0, ByteBuffer.allocate(16384));
      storage.flush();
      List<FileStamp> stamps = storage.fileStamps();
      assertThat(stamps.get(0)).isEqualTo(new FileStamp(16384,
          Files.getLastModifiedTime(temp.resolve("s/a")).toMillis()));
      assertThat(stamps.get(1)).isEqualTo(FileStamp.ABSENT);
      assertThat(stamps.get(2)).isEqualTo(FileStamp.ABSENT);
    }
  }

  @Test
  void recheckOfAnEmptyDirectoryVerifiesNothing() throws Exception {
    List<FileEntry> files = files("x:50000", "y:0");
    PieceLayout layout = new PieceLayout(files, 16384, 50000);
    byte[][] hashes = TestFiles.pieceHashes(new byte[50000], 16384);
    try (TorrentStorage storage = TorrentStorage.open(temp, layout)) {
      // All-zero expected hashes would match a sparse file; a missing file must still not verify.
      assertThat(storage.recheck(i -> hashes[i], pool, i -> {}).isEmpty()).isTrue();
    }
  }

  @Test
  void handlePoolOfTwoEvictsAndReopensOverTenFiles() throws Exception {
    String[] specs = new String[10];
    for (int i = 0; i < 10; i++) {
      specs[i] = "many/f" + i + ":1000";
    }
    List<FileEntry> files = files(specs);
    byte[] data = TestFiles.stream(files, 9);
    PieceLayout layout = new PieceLayout(files, 1000, data.length);
    try (TorrentStorage storage = TorrentStorage.open(temp, layout, 2)) {
      for (int piece = 0; piece < 10; piece++) {
        storage.writeBlock(piece, 0, ByteBuffer.wrap(data, piece * 1000, 1000));
        assertThat(storage.openFileCount()).isLessThanOrEqualTo(2);
      }
      storage.flush(); // reopens and forces files evicted while dirty
      List<Integer> order = new ArrayList<>();
      for (int round = 0; round < 3; round++) {
        for (int piece = 0; piece < 10; piece++) {
          order.add(piece);
        }
      }
      Collections.shuffle(order, new Random(1));
      for (int piece : order) {
        ByteBuffer dst = ByteBuffer.allocate(1000);
        storage.readBlock(piece, 0, dst);
        assertThat(dst.array()).isEqualTo(Arrays.copyOfRange(data, piece * 1000, piece * 1000 + 1000));
        assertThat(storage.openFileCount()).isLessThanOrEqualTo(2);
      }
      byte[][] hashes = TestFiles.pieceHashes(data, 1000);
      assertThat(storage.recheck(i -> hashes[i], pool, i -> {}).cardinality()).isEqualTo(10);
      assertThat(storage.openFileCount()).isLessThanOrEqualTo(2);
    }
  }

  @Test
  void concurrentWritersFromSeveralThreadsProduceTheRightPieces() throws Exception {
    List<FileEntry> files = files("c/a:70001", "c/b:0", "c/c:123457", "!c/.pad/1:500", "c/d:300000");
    byte[] data = TestFiles.stream(files, 11);
    byte[][] hashes = TestFiles.pieceHashes(data, 32768);
    PieceLayout layout = new PieceLayout(files, 32768, data.length);
    try (TorrentStorage storage = TorrentStorage.open(temp, layout, 3)) {
      List<int[]> blocks = new ArrayList<>();
      for (int piece = 0; piece < layout.pieceCount(); piece++) {
        for (int begin = 0; begin < layout.pieceSize(piece); begin += BLOCK) {
          blocks.add(new int[] {piece, begin, Math.min(BLOCK, layout.pieceSize(piece) - begin)});
        }
      }
      Collections.shuffle(blocks, new Random(3));
      List<Future<?>> writes = new ArrayList<>();
      for (int[] b : blocks) {
        writes.add(
            pool.submit(
                () -> {
                  storage.writeBlock(b[0], b[1], ByteBuffer.wrap(data, b[0] * 32768 + b[1], b[2]));
                  return null;
                }));
      }
      for (Future<?> write : writes) {
        write.get();
      }
      List<Future<byte[]>> digests = new ArrayList<>();
      for (int piece = 0; piece < layout.pieceCount(); piece++) {
        int p = piece;
        digests.add(pool.submit(() -> storage.sha1OfPiece(p)));
      }
      for (int piece = 0; piece < layout.pieceCount(); piece++) {
        assertThat(digests.get(piece).get()).as("piece %d", piece).isEqualTo(hashes[piece]);
      }
      BitSet verified = storage.recheck(i -> hashes[i], pool, i -> {});
      assertThat(verified.cardinality()).isEqualTo(layout.pieceCount());
    }
  }

  @Test
  void anInterruptedReadDoesNotBreakTheSharedChannelForLaterReads() throws IOException {
    byte[] data = TestFiles.bytes(1000, 2);
    PieceLayout layout = new PieceLayout(files("a:1000"), 1000, 1000);
    try (TorrentStorage storage = TorrentStorage.open(temp, layout)) {
      storage.writeBlock(0, 0, ByteBuffer.wrap(data));
      Thread.currentThread().interrupt();
      try {
        assertThatThrownBy(() -> storage.readBlock(0, 0, ByteBuffer.allocate(1000)))
            .isInstanceOf(ClosedByInterruptException.class);
      } finally {
        Thread.interrupted();
      }
      ByteBuffer dst = ByteBuffer.allocate(1000);
      storage.readBlock(0, 0, dst);
      assertThat(dst.array()).isEqualTo(data);
    }
  }

  @Test
  void operationsAfterCloseFailWithClosed() throws IOException {
    PieceLayout layout = new PieceLayout(files("a:10"), 10, 10);
    TorrentStorage storage = TorrentStorage.open(temp, layout);
    storage.close();
    assertThatThrownBy(() -> storage.writeBlock(0, 0, ByteBuffer.allocate(10)))
        .isInstanceOfSatisfying(
            StorageException.class, e -> assertThat(e.error()).isEqualTo(StorageError.CLOSED));
  }

  @Test
  void outOfRangeBlocksAreRejectedBeforeTouchingDisk() throws IOException {
    PieceLayout layout = new PieceLayout(files("a:10"), 10, 10);
    try (TorrentStorage storage = TorrentStorage.open(temp, layout)) {
      assertThatThrownBy(() -> storage.writeBlock(0, 5, ByteBuffer.allocate(6)))
          .isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> storage.writeBlock(1, 0, ByteBuffer.allocate(1)))
          .isInstanceOf(IndexOutOfBoundsException.class);
      assertThat(temp.resolve("a")).doesNotExist();
    }
  }

  @Test
  void diskFullIsRecognisedFromTheOperatingSystemMessage() {
    assertThat(StorageException.wrap(new IOException("No space left on device"), "x").error())
        .isEqualTo(StorageError.DISK_FULL);
    assertThat(StorageException.wrap(new IOException("Disk quota exceeded"), "x").error())
        .isEqualTo(StorageError.DISK_FULL);
    assertThat(StorageException.wrap(new IOException("Input/output error"), "x").error())
        .isEqualTo(StorageError.IO_ERROR);
  }

  static void writeAll(TorrentStorage storage, byte[] data, int blockSize) throws IOException {
    PieceLayout layout = storage.layout();
    for (int piece = 0; piece < layout.pieceCount(); piece++) {
      for (int begin = 0; begin < layout.pieceSize(piece); begin += blockSize) {
        int length = Math.min(blockSize, layout.pieceSize(piece) - begin);
        int at = (int) layout.pieceOffset(piece) + begin;
        storage.writeBlock(piece, begin, ByteBuffer.wrap(data, at, length));
      }
    }
  }

  private static void flipByte(Path file, long position) throws IOException {
    try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer one = ByteBuffer.allocate(1);
      c.read(one, position);
      one.put(0, (byte) (one.get(0) ^ 0x01)).rewind();
      c.write(one, position);
    }
  }
}
