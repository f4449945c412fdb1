package io.seedfleet.engine.storage;

import static io.seedfleet.engine.storage.TestFiles.files;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seedfleet.engine.metainfo.FileEntry;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recheck's hand-out ({@link PieceCheck}) and the cases its reads must get right. */
class PieceCheckTest {
  /** Several of the storage's hashing steps, so a piece takes several reads. */
  private static final int PIECE = 512 * 1024;

  @TempDir Path temp;

  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  /** A 300,000 + 500,001 + 250,000 byte torrent: piece 0 spans A and B, piece 1 B and C, piece 2 is 1,425 bytes. */
  private static List<FileEntry> threeFiles() {
    return files("t/A:300000", "t/B:500001", "t/C:250000");
  }

  private TorrentStorage written(List<FileEntry> files, byte[] data) throws IOException {
    TorrentStorage storage = TorrentStorage.open(temp, new PieceLayout(files, PIECE, data.length));
    TorrentStorageTest.writeAll(storage, data, 16384);
    storage.flush();
    return storage;
  }

  @Test
  void aPieceTakesSeveralReads() {
    assertThat(PIECE).isGreaterThanOrEqualTo(2 * TorrentStorage.HASH_CHUNK);
  }

  @Test
  void piecesSpanningFilesAndTheShortLastPieceVerify() throws Exception {
    List<FileEntry> files = threeFiles();
    byte[] data = TestFiles.stream(files, 11);
    byte[][] hashes = TestFiles.pieceHashes(data, PIECE);
    try (TorrentStorage storage = written(files, data)) {
      assertThat(storage.layout().pieceSize(2)).isEqualTo(1425);
      assertThat(storage.recheck(i -> hashes[i], pool, i -> {}).stream().boxed().toList())
          .containsExactly(0, 1, 2);
      for (int piece = 0; piece < 3; piece++) {
        assertThat(storage.sha1OfPiece(piece)).isEqualTo(hashes[piece]);
      }
    }
  }

  @Test
  void aChangedByteFailsOnlyItsPieceEvenInTheLastReadOfAPiece() throws Exception {
    List<FileEntry> files = threeFiles();
    byte[] data = TestFiles.stream(files, 12);
    byte[][] hashes = TestFiles.pieceHashes(data, PIECE);
    written(files, data).close();
    // Stream byte 524287 is the last of piece 0 (in B, at 224287): its last read.
    overwrite(temp.resolve("t/B"), 224287, (byte) (data[524287] ^ 0x40));
    try (TorrentStorage storage = TorrentStorage.open(temp, new PieceLayout(files, PIECE, data.length))) {
      assertThat(storage.recheck(i -> hashes[i], pool, i -> {}).stream().boxed().toList())
          .containsExactly(1, 2);
    }
  }

  @Test
  void aMissingFileMakesItsPiecesMissingWithoutReadingThem() throws Exception {
    List<FileEntry> files = threeFiles();
    byte[] data = TestFiles.stream(files, 13);
    byte[][] hashes = TestFiles.pieceHashes(data, PIECE);
    written(files, data).close();
    Files.delete(temp.resolve("t/A"));
    Set<Integer> hashed = ConcurrentHashMap.newKeySet();
    Set<Integer> progressed = ConcurrentHashMap.newKeySet();
    try (TorrentStorage storage = TorrentStorage.open(temp, new PieceLayout(files, PIECE, data.length))) {
      BitSet verified = storage.recheck(i -> {
        hashed.add(i);
        return hashes[i];
      }, pool, progressed::add);
      assertThat(verified.stream().boxed().toList()).containsExactly(1, 2);
    }
    assertThat(hashed).containsExactlyInAnyOrder(1, 2);
    assertThat(progressed).containsExactlyInAnyOrder(0, 1, 2);
    assertThat(temp.resolve("t/A")).doesNotExist();
  }

  @Test
  void aTruncatedFileMakesOnlyThePiecesPastItsEndMissing() throws Exception {
    List<FileEntry> files = threeFiles();
    byte[] data = TestFiles.stream(files, 14);
    byte[][] hashes = TestFiles.pieceHashes(data, PIECE);
    written(files, data).close();
    try (FileChannel c = FileChannel.open(temp.resolve("t/C"), StandardOpenOption.WRITE)) {
      c.truncate(250000 - 1); // one byte short: only the last piece
    }
    try (TorrentStorage storage = TorrentStorage.open(temp, new PieceLayout(files, PIECE, data.length))) {
      assertThat(storage.recheck(i -> hashes[i], pool, i -> {}).stream().boxed().toList())
          .containsExactly(0, 1);
    }
  }

  @Test
  void everySelectedPieceIsHashedAndReportedOnceAndNoOther() throws Exception {
    // 16 KiB pieces: a claim is 64 of them; 1,000 pieces, every third selected.
    PieceLayout layout = new PieceLayout(files("x:16384000"), 16384, 16384000);
    BitSet selected = new BitSet();
    for (int piece = 0; piece < 1000; piece += 3) {
      selected.set(piece);
    }
    BitSet unavailable = new BitSet();
    unavailable.set(300, 330);
    Map<Integer, AtomicInteger> hashed = new ConcurrentHashMap<>();
    Map<Integer, AtomicInteger> reported = new ConcurrentHashMap<>();
    PieceCheck check = new PieceCheck(layout, selected, unavailable,
        piece -> piece % 2 == 0 ? digestOf(piece) : null,
        piece -> {
          hashed.computeIfAbsent(piece, p -> new AtomicInteger()).incrementAndGet();
          return digestOf(piece);
        },
        piece -> reported.computeIfAbsent(piece, p -> new AtomicInteger()).incrementAndGet());

    BitSet verified = check.run(pool, 4); // more tasks than threads: the late ones find nothing left

    BitSet expectedVerified = new BitSet();
    selected.stream().filter(p -> p % 2 == 0 && !unavailable.get(p)).forEach(expectedVerified::set);
    assertThat(verified).isEqualTo(expectedVerified);
    assertThat(reported.keySet()).containsExactlyInAnyOrderElementsOf(selected.stream().boxed().toList());
    assertThat(reported.values()).allMatch(count -> count.get() == 1);
    // A null expected hash means nothing to compare: the piece is neither hashed nor verified.
    assertThat(hashed.keySet()).containsExactlyInAnyOrderElementsOf(expectedVerified.stream().boxed().toList());
    assertThat(hashed.values()).allMatch(count -> count.get() == 1);
  }

  @Test
  void everyTaskHashesAtTheSameTime() throws Exception {
    PieceLayout layout = new PieceLayout(files("x:" + 64L * PieceCheck.CLAIM_BYTES), PieceCheck.CLAIM_BYTES,
        64L * PieceCheck.CLAIM_BYTES);
    BitSet all = new BitSet();
    all.set(0, 64);
    CountDownLatch bothHashing = new CountDownLatch(2);
    Set<String> threads = ConcurrentHashMap.newKeySet();
    PieceCheck check = new PieceCheck(layout, all, new BitSet(), PieceCheckTest::digestOf, piece -> {
      if (threads.add(Thread.currentThread().getName())) {
        bothHashing.countDown();
        // A task that ran alone would claim every piece; this waits until the other one hashes too.
        try {
          if (!bothHashing.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the second task never started hashing");
          }
        } catch (InterruptedException e) {
          throw new InterruptedIOException();
        }
      }
      return digestOf(piece);
    }, piece -> {});

    assertThat(check.run(pool, 2).cardinality()).isEqualTo(64);
    assertThat(threads).hasSize(2);
  }

  @Test
  void anIoErrorFailsTheCheckAndStopsTheOtherTasks() {
    PieceLayout layout = new PieceLayout(files("x:16384000"), 16384, 16384000);
    BitSet all = new BitSet();
    all.set(0, 1000);
    AtomicInteger hashedAfterTheError = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    PieceCheck check = new PieceCheck(layout, all, new BitSet(), PieceCheckTest::digestOf, piece -> {
      if (failures.get() > 0) {
        hashedAfterTheError.incrementAndGet();
      }
      if (piece == 100) {
        failures.incrementAndGet();
        throw new StorageException(StorageError.IO_ERROR, "Input/output error");
      }
      return digestOf(piece);
    }, piece -> {});

    assertThatThrownBy(() -> check.run(pool, 2))
        .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.error()).isEqualTo(StorageError.IO_ERROR));
    // The other task finishes at most the claim it was in and one it took before it saw the error
    // (64 pieces each), never all of the remaining ~900.
    assertThat(hashedAfterTheError.get()).isLessThanOrEqualTo(128);
  }

  @Test
  void aFileThatVanishesDuringTheCheckIsMissingNotAnError() throws Exception {
    PieceLayout layout = new PieceLayout(files("x:1638400"), 16384, 1638400);
    BitSet all = new BitSet();
    all.set(0, 100);
    PieceCheck check = new PieceCheck(layout, all, new BitSet(), PieceCheckTest::digestOf, piece -> {
      if (piece >= 50) {
        throw new StorageException(StorageError.FILE_MISSING, "x does not exist");
      }
      return digestOf(piece);
    }, piece -> {});

    BitSet verified = check.run(pool, 2);

    assertThat(verified.cardinality()).isEqualTo(50);
    assertThat(verified.nextSetBit(50)).isEqualTo(-1);
  }

  private static byte[] digestOf(int piece) {
    return new byte[] {(byte) piece, (byte) (piece >> 8)};
  }

  private static void overwrite(Path file, long position, byte value) throws IOException {
    try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
      c.write(java.nio.ByteBuffer.wrap(new byte[] {value}), position);
    }
  }
}
