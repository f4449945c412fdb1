package io.seedfleet.engine.metainfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seedfleet.engine.bencode.BDict;
import io.seedfleet.engine.bencode.Bencode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorrentCreatorTest {
  private static final int PIECE = 32 * 1024;
  private static ExecutorService pool;

  @TempDir Path tmp;

  @BeforeAll
  static void startPool() {
    pool = Executors.newFixedThreadPool(2);
  }

  @AfterAll
  static void stopPool() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(10, TimeUnit.SECONDS);
  }

  private static void write(Path file, int size, long seed) throws IOException {
    Files.createDirectories(file.getParent());
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    Files.write(file, bytes);
  }

  /** A tree with nested, hidden, empty and awkwardly ordered files. */
  private Path sampleTree() throws IOException {
    Path root = tmp.resolve("content");
    write(root.resolve("b.bin"), 70_000, 1);
    write(root.resolve(".hidden"), 10, 2);
    write(root.resolve("a.b").resolve("y"), 5_000, 3);
    write(root.resolve("a").resolve("deep").resolve("x"), 100_001, 4);
    write(root.resolve("empty"), 0, 5);
    write(root.resolve("Z"), 1, 6);
    return root;
  }

  private static CreateOptions options(int pieceLength) {
    return new CreateOptions(
        pieceLength, List.of("http://127.0.0.1:6969/announce"), false, null, null);
  }

  /** Paths sort by raw UTF-8 bytes of the joined path, as mktorrent does: '.' before '/'. */
  @Test
  void roundTripsADirectory() throws Exception {
    Path root = sampleTree();
    Metainfo m = Metainfo.parse(TorrentCreator.create(root, options(PIECE), pool));
    assertThat(m.name()).isEqualTo("content");
    assertThat(m.files()).extracting(FileEntry::displayPath)
        .containsExactly("content/.hidden", "content/Z", "content/a.b/y", "content/a/deep/x",
            "content/b.bin", "content/empty");
    assertThat(m.totalLength()).isEqualTo(10 + 1 + 100_001 + 5_000 + 70_000);
    assertThat(m.announceTiers()).containsExactly(List.of("http://127.0.0.1:6969/announce"));
    assertEveryPieceMatches(m, root.getParent());
  }

  @Test
  void roundTripsASingleFileWithOptions() throws Exception {
    Path file = tmp.resolve("movie.mkv");
    write(file, 200_000, 9);
    CreateOptions opts = new CreateOptions(16384, List.of("http://a/announce", "udp://b:1"),
        true, "a comment", "seedfleet test");
    byte[] bytes = TorrentCreator.create(file, opts, pool);
    Metainfo m = Metainfo.parse(bytes);
    assertThat(m.files()).containsExactly(new FileEntry(List.of("movie.mkv"), 200_000, 0, false));
    assertThat(m.isPrivate()).isTrue();
    assertThat(m.pieceCount()).isEqualTo(13);
    assertThat(m.announceTiers()).containsExactly(List.of("http://a/announce"),
        List.of("udp://b:1"));
    BDict top = (BDict) Bencode.decode(bytes);
    assertThat(top.getBytesOrNull("comment").asString()).isEqualTo("a comment");
    assertThat(top.getBytesOrNull("created by").asString()).isEqualTo("seedfleet test");
    assertEveryPieceMatches(m, tmp);
  }

  private static void assertEveryPieceMatches(Metainfo m, Path downloadDir) throws Exception {
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    for (FileEntry f : m.files()) {
      Path p = downloadDir;
      for (String element : f.path()) {
        p = p.resolve(element);
      }
      stream.writeBytes(Files.readAllBytes(p));
    }
    byte[] all = stream.toByteArray();
    assertThat(all).hasSize((int) m.totalLength());
    for (int piece = 0; piece < m.pieceCount(); piece++) {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      sha1.update(all, piece * m.pieceLength(), m.pieceSize(piece));
      assertThat(m.pieceHashMatches(piece, sha1.digest())).as("piece %d", piece).isTrue();
    }
  }

  @Test
  void matchesMktorrentForADirectory() throws Exception {
    Path root = sampleTree();
    assertSameAsMktorrent(root);
  }

  @Test
  void matchesMktorrentForASingleFile() throws Exception {
    Path file = tmp.resolve("single.bin");
    write(file, 123_457, 11);
    assertSameAsMktorrent(file);
  }

  private void assertSameAsMktorrent(Path source) throws Exception {
    Path out = tmp.resolve("mktorrent.torrent");
    Process process =
        new ProcessBuilder(
                "/usr/bin/mktorrent", "-d", "-t", "1", "-l", "15",
                "-a", "http://127.0.0.1:6969/announce", "-o", out.toString(), source.toString())
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("mktorrent.log").toFile())
            .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(Files.readString(tmp.resolve("mktorrent.log"))).isZero();
    Metainfo theirs = Metainfo.parse(Files.readAllBytes(out));
    Metainfo ours = Metainfo.parse(TorrentCreator.create(source, options(PIECE), pool));
    BDict theirInfo = (BDict) Bencode.decode(theirs.infoBytes());
    BDict ourInfo = (BDict) Bencode.decode(ours.infoBytes());
    assertThat(ourInfo.getBytesOrNull("pieces")).isEqualTo(theirInfo.getBytesOrNull("pieces"));
    assertThat(ourInfo).isEqualTo(theirInfo);
    assertThat(ours.infoHash()).isEqualTo(theirs.infoHash());
  }

  @Test
  void choosesAboutFifteenHundredPieces() {
    assertThat(TorrentCreator.autoPieceLength(1)).isEqualTo(16 * 1024);
    assertThat(TorrentCreator.autoPieceLength(1500L * 1024 * 1024)).isEqualTo(1024 * 1024);
    assertThat(TorrentCreator.autoPieceLength(4L << 30)).isEqualTo(2 * 1024 * 1024);
    assertThat(TorrentCreator.autoPieceLength(1L << 50)).isEqualTo(16 * 1024 * 1024);
  }

  @Test
  void autoPieceLengthIsUsedWhenZero() throws Exception {
    Path file = tmp.resolve("f");
    write(file, 50_000_000, 3);
    Metainfo m = Metainfo.parse(TorrentCreator.create(file, CreateOptions.defaults(), pool));
    assertThat(m.pieceLength()).isEqualTo(32 * 1024);
    assertThat(m.pieceCount()).isBetween(750, 3000);
  }

  @Test
  void rejectsSymbolicLinks() throws Exception {
    Path root = sampleTree();
    Files.createSymbolicLink(root.resolve("link"), Path.of("/etc/hostname"));
    assertThatThrownBy(() -> TorrentCreator.create(root, options(PIECE), pool))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("symbolic link");
    assertThatThrownBy(() -> TorrentCreator.create(root.resolve("link"), options(PIECE), pool))
        .isInstanceOf(IOException.class);
  }

  @Test
  void rejectsSourcesWithoutData() throws Exception {
    Path root = tmp.resolve("empties");
    write(root.resolve("a"), 0, 1);
    Files.createDirectories(root.resolve("dir"));
    assertThatThrownBy(() -> TorrentCreator.create(root, options(PIECE), pool))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("nothing to share");
  }

  @Test
  void rejectsBadPieceLengths() {
    assertThatThrownBy(() -> options(10_000)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> options(3 * 16384)).isInstanceOf(IllegalArgumentException.class);
  }
}
