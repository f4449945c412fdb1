package io.seedfleet.engine.metainfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every file of the hostile corpus meets the outcome its manifest names. */
class HostileTorrentCorpusTest {
  private static final Path DOWNLOAD_ROOT = Path.of("/srv/seedfleet/tenant-a/downloads");

  static Path corpusDirectory() {
    try {
      return Path.of(HostileTorrentCorpusTest.class.getResource("/torrents/hostile").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Properties manifest() throws IOException {
    Properties expected = new Properties();
    try (InputStream in = Files.newInputStream(corpusDirectory().resolve("expected.properties"))) {
      expected.load(in);
    }
    return expected;
  }

  static Stream<Arguments> corpus() throws IOException {
    Properties expected = manifest();
    return expected.stringPropertyNames().stream()
        .sorted()
        .map(name -> Arguments.of(name, expected.getProperty(name).strip()));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("corpus")
  void eachTorrentMeetsItsExpectedOutcome(String file, String expected) throws Exception {
    byte[] bytes = Files.readAllBytes(corpusDirectory().resolve(file));
    if (expected.equals("OK")) {
      Metainfo metainfo = Metainfo.parse(bytes);
      assertSafePaths(metainfo);
      return;
    }
    String[] parts = expected.split(":");
    assertThatThrownBy(() -> Metainfo.parse(bytes))
        .isInstanceOfSatisfying(
            MetainfoException.class,
            e -> {
              assertThat(e.error()).isEqualTo(MetainfoError.valueOf(parts[0]));
              if (parts.length > 1) {
                assertThat(e.bencodeError()).map(Enum::name).contains(parts[1]);
              }
              assertThat(e.getMessage()).isNotBlank();
            });
  }

  /** The paths of a loaded torrent are safe and unique, whatever the torrent said. */
  static void assertSafePaths(Metainfo metainfo) {
    Set<String> seen = new HashSet<>();
    for (FileEntry file : metainfo.files()) {
      Path resolved = DOWNLOAD_ROOT;
      for (String element : file.path()) {
        assertThat(element).isNotEmpty().isNotIn(".", "..").doesNotContain("/", "\\", "\0", ":");
        assertThat(element.chars()).noneMatch(c -> c < 0x20);
        assertThat(PathSanitizer.utf8Length(element)).isLessThanOrEqualTo(255);
        resolved = resolved.resolve(element);
      }
      assertThat(resolved.normalize()).startsWithRaw(DOWNLOAD_ROOT);
      assertThat(resolved.normalize()).isNotEqualTo(DOWNLOAD_ROOT);
      if (!file.padding()) {
        assertThat(seen.add(file.displayPath().toLowerCase(Locale.ROOT)))
            .as("unique path %s", file.displayPath())
            .isTrue();
      }
    }
  }

  @Test
  void corpusIsLargeAndFullyListed() throws IOException {
    Properties expected = manifest();
    assertThat(expected.size()).isGreaterThanOrEqualTo(30);
    try (Stream<Path> files = Files.list(corpusDirectory())) {
      List<String> torrents =
          files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".torrent")).toList();
      assertThat(expected.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(torrents);
    }
  }

  @Test
  void committedFilesMatchTheGenerator() throws IOException {
    Properties expected = manifest();
    for (Map.Entry<String, HostileTorrentCorpus.Entry> e :
        HostileTorrentCorpus.entries().entrySet()) {
      assertThat(Files.readAllBytes(corpusDirectory().resolve(e.getKey())))
          .as(e.getKey())
          .isEqualTo(e.getValue().bytes());
      assertThat(expected.getProperty(e.getKey())).isEqualTo(e.getValue().expected());
    }
  }
}
