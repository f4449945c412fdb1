package io.seedfleet.engine.storage;

import static io.seedfleet.engine.storage.TestFiles.files;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seedfleet.engine.metainfo.FileEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Nothing may be created, read or written outside the download root, whatever the torrent's paths
 * and whatever links were planted in the download directory (RELIABILITY.md cases 18, 19, 24).
 */
class SafePathsTest {
  @TempDir Path temp;

  private Path root;
  private Path outside;
  private Map<String, String> outsideBefore;

  @BeforeEach
  void plantOutsideTree() throws IOException {
    root = Files.createDirectories(temp.resolve("root")).toRealPath();
    outside = Files.createDirectories(temp.resolve("outside")).toRealPath();
    Files.write(outside.resolve("secret"), "top secret data!".getBytes());
    Files.createDirectories(outside.resolve("sub"));
    Files.write(outside.resolve("sub/f"), "victim".getBytes());
    outsideBefore = TestFiles.snapshot(outside);
  }

  private void assertOutsideUntouched() {
    assertThat(TestFiles.snapshot(outside)).isEqualTo(outsideBefore);
  }

  private static void assertRefused(ThrowingCallable call, StorageError... errors) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.error()).isIn((Object[]) errors));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".", "..", "a/b", "a\\b", "a\0b", "/etc"})
  void illegalComponentsAreRejected(String component) {
    assertRefused(() -> SafePaths.resolve(root, List.of("t", component)), StorageError.INVALID_PATH);
  }

  @Test
  void legalComponentsResolveUnderTheRoot() throws StorageException {
    Path path = SafePaths.resolve(root, List.of("t", "..x", "~", "C:", "a b"));
    assertThat(path.startsWith(root)).isTrue();
    assertThat(path.getNameCount()).isEqualTo(root.getNameCount() + 5);
  }

  @Test
  void openRefusesATorrentWithAnIllegalComponent() {
    List<FileEntry> files = List.of(new FileEntry(List.of("t", "..", "..", "outside", "secret"), 4, 0, false));
    assertRefused(() -> TorrentStorage.open(root, new PieceLayout(files, 4, 4)), StorageError.INVALID_PATH);
    assertOutsideUntouched();
  }

  @Test
  void preplantedDirectoryLinkIsRefusedForWritesAndReads() throws IOException {
    Files.createDirectories(root.resolve("t"));
    Files.createSymbolicLink(root.resolve("t/sub"), outside.resolve("sub"));
    PieceLayout layout = new PieceLayout(files("t/sub/f:6", "t/ok:6"), 6, 12);
    try (TorrentStorage storage = TorrentStorage.open(root, layout)) {
      assertRefused(() -> storage.writeBlock(0, 0, ByteBuffer.wrap("HACKED".getBytes())),
          StorageError.SYMLINK_REFUSED);
      assertRefused(() -> storage.readBlock(0, 0, ByteBuffer.allocate(6)), StorageError.SYMLINK_REFUSED);
      storage.writeBlock(1, 0, ByteBuffer.wrap("benign".getBytes())); // other files still work
    }
    assertThat(root.resolve("t/ok")).hasContent("benign");
    assertOutsideUntouched();
  }

  @Test
  void preplantedDirectoryLinkAboveAnEmptyFileFailsOpen() throws IOException {
    Files.createSymbolicLink(root.resolve("t"), outside);
    PieceLayout layout = new PieceLayout(files("t/new/empty:0", "t/x:3"), 4, 3);
    assertRefused(() -> TorrentStorage.open(root, layout), StorageError.SYMLINK_REFUSED);
    assertOutsideUntouched();
  }

  @Test
  void preplantedFileLinkIsNeitherWrittenNorReadNorVerified() throws Exception {
    Files.createDirectories(root.resolve("t"));
    Files.createSymbolicLink(root.resolve("t/f"), outside.resolve("secret"));
    byte[] secret = Files.readAllBytes(outside.resolve("secret"));
    PieceLayout layout = new PieceLayout(files("t/f:" + secret.length), 16, secret.length);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (TorrentStorage storage = TorrentStorage.open(root, layout)) {
      assertRefused(() -> storage.writeBlock(0, 0, ByteBuffer.allocate(secret.length)),
          StorageError.SYMLINK_REFUSED);
      assertRefused(() -> storage.readBlock(0, 0, ByteBuffer.allocate(4)), StorageError.SYMLINK_REFUSED);
      // Even when the outside file holds exactly the expected bytes, it is not seeded from.
      byte[] hash = TestFiles.sha1(secret, 0, secret.length);
      assertThat(storage.recheck(i -> hash, pool, i -> {}).isEmpty()).isTrue();
    } finally {
      pool.shutdownNow();
    }
    assertOutsideUntouched();
  }

  @Test
  void danglingFileLinkIsNotFollowedToCreateTheTarget() throws IOException {
    Files.createSymbolicLink(root.resolve("f"), outside.resolve("created-by-attacker"));
    PieceLayout layout = new PieceLayout(files("f:4", "empty:0"), 4, 4);
    try (TorrentStorage storage = TorrentStorage.open(root, layout)) {
      assertRefused(() -> storage.writeBlock(0, 0, ByteBuffer.wrap(new byte[] {1, 2, 3, 4})),
          StorageError.SYMLINK_REFUSED);
    }
    assertThat(outside.resolve("created-by-attacker")).doesNotExist();
    assertOutsideUntouched();
  }

  @Test
  void danglingLinkAsAnEmptyFileFailsOpen() throws IOException {
    Files.createSymbolicLink(root.resolve("empty"), outside.resolve("created-by-attacker"));
    PieceLayout layout = new PieceLayout(files("f:4", "empty:0"), 4, 4);
    assertRefused(() -> TorrentStorage.open(root, layout), StorageError.SYMLINK_REFUSED);
    assertThat(outside.resolve("created-by-attacker")).doesNotExist();
    assertOutsideUntouched();
  }

  @Test
  void directoryLinkPlantedBetweenWritesIsRefusedWhenTheFileIsReopened() throws IOException {
    PieceLayout layout = new PieceLayout(files("t/sub/f:6", "t/g:6"), 6, 12);
    // A pool of one handle: writing g evicts f, so the next write to f reopens it.
    try (TorrentStorage storage = TorrentStorage.open(root, layout, 1)) {
      storage.writeBlock(0, 0, ByteBuffer.wrap("first!".getBytes()));
      storage.writeBlock(1, 0, ByteBuffer.wrap("gggggg".getBytes()));
      Files.move(root.resolve("t/sub"), root.resolve("t/moved"));
      Files.createSymbolicLink(root.resolve("t/sub"), outside.resolve("sub"));
      assertRefused(() -> storage.writeBlock(0, 0, ByteBuffer.wrap("HACKED".getBytes())),
          StorageError.SYMLINK_REFUSED);
      assertRefused(() -> storage.readBlock(0, 0, ByteBuffer.allocate(6)), StorageError.SYMLINK_REFUSED);
    }
    assertThat(root.resolve("t/moved/f")).hasContent("first!");
    assertOutsideUntouched();
  }

  @Test
  void fileLinkPlantedBetweenWritesIsRefusedWhenTheFileIsReopened() throws IOException {
    PieceLayout layout = new PieceLayout(files("f:6", "g:6"), 6, 12);
    try (TorrentStorage storage = TorrentStorage.open(root, layout, 1)) {
      storage.writeBlock(0, 0, ByteBuffer.wrap("first!".getBytes()));
      storage.writeBlock(1, 0, ByteBuffer.wrap("gggggg".getBytes()));
      Files.delete(root.resolve("f"));
      Files.createSymbolicLink(root.resolve("f"), outside.resolve("secret"));
      assertRefused(() -> storage.writeBlock(0, 0, ByteBuffer.wrap("HACKED".getBytes())),
          StorageError.SYMLINK_REFUSED);
    }
    assertOutsideUntouched();
  }

  @Test
  void linkPlantedWhileTheFileIsCachedOpenCannotRedirectWrites() throws IOException {
    // The cached channel is bound to the original inode inside the root: a swapped path
    // cannot redirect it, so the outside target stays untouched.
    PieceLayout layout = new PieceLayout(files("t/sub/f:6"), 6, 6);
    try (TorrentStorage storage = TorrentStorage.open(root, layout)) {
      storage.writeBlock(0, 0, ByteBuffer.wrap("first!".getBytes()));
      Files.move(root.resolve("t/sub"), root.resolve("t/moved"));
      Files.createSymbolicLink(root.resolve("t/sub"), outside.resolve("sub"));
      storage.writeBlock(0, 0, ByteBuffer.wrap("second".getBytes()));
    }
    assertThat(root.resolve("t/moved/f")).hasContent("second");
    assertOutsideUntouched();
  }

  @Test
  void aDirectoryWhereAFileBelongsIsRefused() throws IOException {
    Files.createDirectories(root.resolve("f"));
    PieceLayout layout = new PieceLayout(files("f:4"), 4, 4);
    try (TorrentStorage storage = TorrentStorage.open(root, layout)) {
      assertRefused(() -> storage.writeBlock(0, 0, ByteBuffer.allocate(4)), StorageError.NOT_A_REGULAR_FILE);
    }
  }

  @Test
  void aFileWhereADirectoryBelongsIsRefused() throws IOException {
    Files.write(root.resolve("t"), new byte[] {1});
    PieceLayout layout = new PieceLayout(files("t/f:4"), 4, 4);
    try (TorrentStorage storage = TorrentStorage.open(root, layout)) {
      assertRefused(() -> storage.writeBlock(0, 0, ByteBuffer.allocate(4)), StorageError.INVALID_PATH);
    }
    assertThat(root.resolve("t")).hasBinaryContent(new byte[] {1});
  }

  @Test
  void collidingPathsAreRefusedAtOpen() {
    assertRefused(() -> TorrentStorage.open(root, new PieceLayout(files("t/a:1", "t/a:1"), 4, 2)),
        StorageError.INVALID_PATH);
    assertRefused(() -> TorrentStorage.open(root, new PieceLayout(files("t/a:1", "t/a/b:1"), 4, 2)),
        StorageError.INVALID_PATH);
  }

  @Test
  void theRootItselfMayBeALinkBecauseItIsOperatorConfiguration() throws IOException {
    Path target = Files.createDirectories(temp.resolve("mount"));
    Path linkedRoot = Files.createSymbolicLink(temp.resolve("downloads"), target);
    PieceLayout layout = new PieceLayout(files("t/f:4"), 4, 4);
    try (TorrentStorage storage = TorrentStorage.open(linkedRoot, layout)) {
      storage.writeBlock(0, 0, ByteBuffer.wrap(new byte[] {1, 2, 3, 4}));
      assertThat(storage.root()).isEqualTo(target.toRealPath());
    }
    assertThat(target.resolve("t/f")).hasBinaryContent(new byte[] {1, 2, 3, 4});
  }
}
