package io.seedfleet.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedfleet.engine.metainfo.FileEntry;
import io.seedfleet.engine.metainfo.Metainfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every hostile torrent that loads (its paths sanitised) is written in full: all files must land
 * under the output directory and nothing may appear beside it.
 */
class HostileTorrentWriteTest {

  static Stream<String> loadableHostileTorrents() throws IOException {
    Properties expected = new Properties();
    try (InputStream in = HostileTorrentWriteTest.class.getResourceAsStream("/torrents/hostile/expected.properties")) {
      expected.load(in);
    }
    return expected.stringPropertyNames().stream().filter(name -> expected.getProperty(name).equals("OK")).sorted();
  }

  @ParameterizedTest
  @MethodSource("loadableHostileTorrents")
  void writingEveryPieceStaysInsideTheOutputDirectory(String name, @org.junit.jupiter.api.io.TempDir Path tmp)
      throws Exception {
    byte[] bytes;
    try (InputStream in = getClass().getResourceAsStream("/torrents/hostile/" + name)) {
      bytes = in.readAllBytes();
    }
    Metainfo metainfo = Metainfo.parse(bytes);
    Path out = Files.createDirectories(tmp.resolve("box").resolve("out"));

    PieceLayout layout = new PieceLayout(metainfo.files(), metainfo.pieceLength(), metainfo.totalLength());
    try (TorrentStorage storage = TorrentStorage.open(out, layout)) {
      for (int piece = 0; piece < layout.pieceCount(); piece++) {
        storage.writeBlock(piece, 0, ByteBuffer.allocate(layout.pieceSize(piece)));
      }
      storage.flush();
    }

    try (Stream<Path> all = Files.walk(tmp)) {
      List<Path> outside = all.filter(p -> !p.startsWith(out) && !p.equals(tmp) && !p.equals(tmp.resolve("box"))).toList();
      assertThat(outside).as("paths created outside the output directory").isEmpty();
    }
    for (FileEntry file : metainfo.files()) {
      if (!file.padding()) {
        Path written = out.resolve(String.join("/", file.path()));
        assertThat(written.normalize()).startsWith(out);
        assertThat(Files.size(written)).isEqualTo(file.length());
      }
    }
  }
}
