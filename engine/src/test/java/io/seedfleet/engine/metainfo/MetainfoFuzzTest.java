package io.seedfleet.engine.metainfo;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes {@link Metainfo#parse}: any input either parses into a consistent torrent with safe
 * paths, or fails with a {@link MetainfoException}; nothing else may escape. Regression inputs
 * live in {@code MetainfoFuzzTestInputs/parse/}.
 */
class MetainfoFuzzTest {
  @FuzzTest
  void parse(byte[] data) {
    Metainfo m;
    try {
      m = Metainfo.parse(data);
    } catch (MetainfoException e) {
      assertThat(e.error()).isNotNull();
      return;
    }
    assertThat(m.totalLength()).isPositive();
    assertThat((long) m.pieceCount() * m.pieceLength()).isGreaterThanOrEqualTo(m.totalLength());
    assertThat(m.pieceSize(m.pieceCount() - 1)).isPositive();
    long offset = 0;
    for (FileEntry file : m.files()) {
      assertThat(file.offset()).isEqualTo(offset);
      offset += file.length();
    }
    assertThat(offset).isEqualTo(m.totalLength());
    HostileTorrentCorpusTest.assertSafePaths(m);
  }
}
