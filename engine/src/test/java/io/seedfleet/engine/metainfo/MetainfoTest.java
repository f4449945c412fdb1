package io.seedfleet.engine.metainfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seedfleet.engine.bencode.BDict;
import io.seedfleet.engine.bencode.BList;
import io.seedfleet.engine.bencode.BValue;
import io.seedfleet.engine.bencode.Bencode;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetainfoTest {
  private static final int PIECE = 16384;

  private static Metainfo corpus(String name) throws Exception {
    return Metainfo.parse(
        Files.readAllBytes(HostileTorrentCorpusTest.corpusDirectory().resolve(name)));
  }

  private static List<List<String>> paths(Metainfo m) {
    return m.files().stream().map(FileEntry::path).toList();
  }

  @Test
  void singleFileTorrent() throws Exception {
    byte[] bytes = HostileTorrentCorpus.single("movie.mkv", 40000);
    Metainfo m = Metainfo.parse(bytes);
    assertThat(m.name()).isEqualTo("movie.mkv");
    assertThat(m.pieceLength()).isEqualTo(PIECE);
    assertThat(m.pieceCount()).isEqualTo(3);
    assertThat(m.totalLength()).isEqualTo(40000);
    assertThat(m.pieceSize(0)).isEqualTo(PIECE);
    assertThat(m.pieceSize(2)).isEqualTo(40000 - 2 * PIECE);
    assertThat(m.files()).containsExactly(new FileEntry(List.of("movie.mkv"), 40000, 0, false));
    assertThat(m.isPrivate()).isFalse();
    assertThat(m.announceTiers()).containsExactly(List.of("http://127.0.0.1:6969/announce"));
    assertThat(m.torrentBytes()).isEqualTo(bytes);
  }

  @Test
  void infoHashIsOverTheExactRawInfoBytes() throws Exception {
    byte[] bytes = HostileTorrentCorpus.single("x", 100);
    Metainfo m = Metainfo.parse(bytes);
    String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
    int start = text.indexOf("4:info") + 6;
    byte[] raw = Arrays.copyOfRange(bytes, start, bytes.length - 1);
    assertThat(m.infoBytes()).isEqualTo(raw);
    assertThat(m.infoHash().bytes()).isEqualTo(MessageDigest.getInstance("SHA-1").digest(raw));
  }

  @Test
  void pieceHashesAreCopiesAndCompare() throws Exception {
    Metainfo m = Metainfo.parse(HostileTorrentCorpus.single("x", 40000));
    byte[] expected = Arrays.copyOfRange(HostileTorrentCorpus.hashes(3), 20, 40);
    assertThat(m.pieceHash(1)).isEqualTo(expected);
    assertThat(m.pieceHashMatches(1, expected)).isTrue();
    assertThat(m.pieceHashMatches(0, expected)).isFalse();
    assertThat(m.pieceHashMatches(1, new byte[19])).isFalse();
    m.pieceHash(1)[0] ^= 1;
    assertThat(m.pieceHashMatches(1, expected)).isTrue();
    assertThatThrownBy(() -> m.pieceSize(3)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void multiFileOffsetsAndNamePrefix() throws Exception {
    Metainfo m = corpus("valid_multi_file.torrent");
    assertThat(m.files())
        .containsExactly(
            new FileEntry(List.of("multi", "dir", "a.bin"), 20000, 0, false),
            new FileEntry(List.of("multi", "empty"), 0, 20000, false),
            new FileEntry(List.of("multi", "b.bin"), 30000, 20000, false));
    assertThat(m.totalLength()).isEqualTo(50000);
    assertThat(m.pieceSize(3)).isEqualTo(50000 - 3 * PIECE);
  }

  @Test
  void traversalAndAbsoluteElementsBecomeHarmlessNames() throws Exception {
    assertThat(paths(corpus("traversal_dotdot.torrent")))
        .containsExactly(List.of("multi", "etc", "cron.d", "x"));
    assertThat(corpus("traversal_in_name.torrent").name()).isEqualTo(".._.._.._etc_passwd");
    assertThat(paths(corpus("absolute_unix_path.torrent")))
        .containsExactly(List.of("multi", "_etc_passwd"), List.of("multi", "_", "x"));
    assertThat(paths(corpus("windows_paths.torrent")))
        .containsExactly(
            List.of("multi", "C__Windows", "system32"), List.of("multi", "__server_share", "f"));
    assertThat(paths(corpus("tilde_home.torrent")))
        .containsExactly(List.of("multi", "_", ".ssh", "authorized_keys"));
    Metainfo dotName = corpus("dot_name.torrent");
    assertThat(dotName.name()).isEqualTo(dotName.infoHash().hex());
    assertThat(paths(corpus("all_dropped_elements.torrent"))).containsExactly(
        List.of("multi", "_"));
  }

  @Test
  void controlCharactersAndBadUtf8AreReplaced() throws Exception {
    assertThat(paths(corpus("nul_and_control_in_names.torrent")))
        .containsExactly(List.of("multi", "a_b", "c__d"));
    assertThat(paths(corpus("invalid_utf8_name.torrent")))
        .containsExactly(List.of("multi", "x\uFFFD("));
  }

  @Test
  void longNamesAreCutKeepingTheExtension() throws Exception {
    String name = corpus("long_name_300_bytes.torrent").files().get(0).path().get(1);
    assertThat(name).hasSize(255).endsWith("nnn.mkv");
  }

  @Test
  void collidingNamesGetDeterministicSuffixes() throws Exception {
    assertThat(paths(corpus("colliding_names.torrent")))
        .containsExactly(
            List.of("multi", "a.txt"),
            List.of("multi", "A.1.TXT"),
            List.of("multi", "a.2.txt"),
            List.of("multi", "a.1.1.txt"));
    assertThat(paths(corpus("file_dir_collision.torrent")))
        .containsExactly(List.of("multi", "a"), List.of("multi", "a.1", "b"));
  }

  @Test
  void padFilesAreMarkedAndMayShareNames() throws Exception {
    Metainfo m = corpus("pad_files_bep47.torrent");
    assertThat(m.files()).extracting(FileEntry::padding)
        .containsExactly(false, true, false, true, false);
    assertThat(m.files().get(2).offset()).isEqualTo(PIECE);
    assertThat(m.files().get(1).path()).isEqualTo(m.files().get(3).path());
  }

  @Test
  void hybridTorrentFromLibtorrentUsesV1View() throws Exception {
    Metainfo m = corpus("hybrid_libtorrent.torrent");
    // The v1 info-hash libtorrent itself reports for this file (info_hashes().v1).
    assertThat(m.infoHash().hex()).isEqualTo("591812290e00602a9a2de6e0dadee8d15e991145");
    assertThat(m.name()).isEqualTo("hybrid");
    assertThat(m.files()).extracting(FileEntry::padding)
        .containsExactly(false, true, false, true, false, true);
    assertThat(m.files().stream().filter(f -> !f.padding()).map(FileEntry::path))
        .containsExactly(
            List.of("hybrid", "first.bin"),
            List.of("hybrid", "second.bin"),
            List.of("hybrid", "sub", "third.bin"));
    assertThat(m.totalLength()).isEqualTo(6L * PIECE);
    // Rebuild the content (byte i of each file is i % 251, pads are zeros) and check every piece.
    byte[] stream = new byte[(int) m.totalLength()];
    for (FileEntry f : m.files()) {
      for (int i = 0; !f.padding() && i < f.length(); i++) {
        stream[(int) f.offset() + i] = (byte) (i % 251);
      }
    }
    for (int p = 0; p < m.pieceCount(); p++) {
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      sha1.update(stream, p * PIECE, m.pieceSize(p));
      assertThat(m.pieceHashMatches(p, sha1.digest())).as("piece %d", p).isTrue();
    }
  }

  @Test
  void privateFlagAndAnnounceList() throws Exception {
    BDict info = BDict.builder().put("name", "x").put("piece length", PIECE)
        .put("pieces", HostileTorrentCorpus.hashes(1)).put("length", 10).put("private", 1)
        .build();
    BList tiers = new BList(List.<BValue>of(
        new BList(List.of(io.seedfleet.engine.bencode.BBytes.of("http://a/announce"),
            io.seedfleet.engine.bencode.BBytes.of("http://b/announce"))),
        io.seedfleet.engine.bencode.BBytes.of("not a tier"),
        new BList(List.of()),
        new BList(List.of(io.seedfleet.engine.bencode.BBytes.of("udp://c:80")))));
    byte[] bytes = Bencode.encode(BDict.builder().put("announce", "http://ignored/")
        .put("announce-list", tiers).put("info", info).build());
    Metainfo m = Metainfo.parse(bytes);
    assertThat(m.isPrivate()).isTrue();
    assertThat(m.announceTiers())
        .containsExactly(List.of("http://a/announce", "http://b/announce"), List.of("udp://c:80"));
  }

  @Test
  void utf8NameVariantWins() throws Exception {
    BDict info = BDict.builder().put("name", "bad\u00ff").put("name.utf-8", "Über")
        .put("piece length", PIECE).put("pieces", HostileTorrentCorpus.hashes(1))
        .put("files", new BList(List.of(BDict.builder().put("length", 5)
            .putStrings("path", List.of("raw")).putStrings("path.utf-8", List.of("grün"))
            .build())))
        .build();
    Metainfo m = Metainfo.parse(Bencode.encode(BDict.builder().put("info", info).build()));
    assertThat(m.name()).isEqualTo("Über");
    assertThat(m.files().get(0).path()).containsExactly("Über", "grün");
    assertThat(m.announceTiers()).isEmpty();
  }

  @Test
  void rejectsOversizedFilesBeforeParsing() {
    byte[] huge = new byte[Metainfo.MAX_TORRENT_SIZE + 1];
    assertThatThrownBy(() -> Metainfo.parse(huge))
        .isInstanceOfSatisfying(
            MetainfoException.class, e -> assertThat(e.error()).isEqualTo(MetainfoError.TOO_LARGE));
  }

  @Test
  void tokenFloodWithinTheSizeLimitIsRejected() {
    // 3,333,331 tokens of i0e inside a list: under 10 MB, over the 2,000,000 token limit.
    int count = (Metainfo.MAX_TORRENT_SIZE - 2) / 3;
    byte[] flood = new byte[2 + 3 * count];
    flood[0] = 'l';
    for (int i = 0; i < count; i++) {
      flood[1 + 3 * i] = 'i';
      flood[2 + 3 * i] = '0';
      flood[3 + 3 * i] = 'e';
    }
    flood[flood.length - 1] = 'e';
    assertThatThrownBy(() -> Metainfo.parse(flood))
        .isInstanceOfSatisfying(
            MetainfoException.class,
            e -> assertThat(e.bencodeError()).contains(
                io.seedfleet.engine.bencode.BencodeError.TOKEN_LIMIT));
  }
}
