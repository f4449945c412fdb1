package io.seedfleet.engine.metainfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathSanitizerTest {
  private static final Path ROOT = Path.of("/data/tenant/downloads");

  @ParameterizedTest
  @CsvSource(
      delimiterString = " -> ",
      value = {
        "/etc/passwd -> _etc_passwd",
        "C:\\Windows -> C__Windows",
        "\\\\server\\share -> __server_share",
        "~ -> _",
        "~root -> _root",
        "a~b -> a~b",
        "... -> ...",
        ".hidden -> .hidden",
        "normal name.txt -> normal name.txt",
        "Grüße -> Grüße",
      })
  void neutralisesAbsoluteAndSeparatorElements(String raw, String expected) {
    assertThat(PathSanitizer.sanitizeElement(raw)).isEqualTo(expected);
  }

  @Test
  void dropsDotAndEmptyElements() throws Exception {
    assertThat(PathSanitizer.sanitizeElement("")).isNull();
    assertThat(PathSanitizer.sanitizeElement(".")).isNull();
    assertThat(PathSanitizer.sanitizeElement("..")).isNull();
    assertThat(PathSanitizer.sanitizePath(List.of("..", "a", ".", "", "b"))).containsExactly(
        "a", "b");
  }

  @Test
  void replacesControlCharacters() {
    assertThat(PathSanitizer.sanitizeElement("a\0b\tc\u007fd\u0085e")).isEqualTo("a_b_c_d_e");
  }

  @Test
  void truncatesByUtf8BytesKeepingTheExtension() {
    String cut = PathSanitizer.sanitizeElement("ü".repeat(200) + ".flac");
    assertThat(PathSanitizer.utf8Length(cut)).isLessThanOrEqualTo(255);
    assertThat(cut).endsWith("ü.flac").startsWith("üü");
    // No whole-code-point boundary is split: 2-byte chars, odd budget.
    assertThat(PathSanitizer.cutToBytes("ü".repeat(10), 5)).isEqualTo("üü");
    // An over-long "extension" is not kept.
    String noExt = PathSanitizer.truncate("a." + "x".repeat(300), 255);
    assertThat(noExt).hasSize(255).startsWith("a.xxx");
  }

  @Test
  void rejectsTooDeepPaths() {
    List<String> deep = Collections.nCopies(PathSanitizer.MAX_DEPTH + 1, "d");
    assertThatThrownBy(() -> PathSanitizer.sanitizePath(deep))
        .isInstanceOfSatisfying(
            MetainfoException.class,
            e -> assertThat(e.error()).isEqualTo(MetainfoError.INVALID_PATH));
  }

  /** Property: whatever the elements, the sanitised path resolves strictly inside the root. */
  @Test
  void everySanitisedPathStaysInsideTheRoot() throws Exception {
    String[] atoms = {
      "..", ".", "", "/", "\\", "C:", "c:\\", "\\\\", "~", "\0", "\n", "a", "é", "\uFFFD", " ",
      "../", "/..", "..\\..", "%2e%2e", "\u202e", ":", "$HOME", "*", "?", "\ud83d\ude00"
    };
    Random random = new Random(42);
    for (int round = 0; round < 20_000; round++) {
      List<String> raw = new ArrayList<>();
      int elements = 1 + random.nextInt(6);
      for (int e = 0; e < elements; e++) {
        StringBuilder element = new StringBuilder();
        int parts = random.nextInt(4);
        for (int p = 0; p < parts; p++) {
          element.append(atoms[random.nextInt(atoms.length)]);
        }
        raw.add(element.toString());
      }
      List<String> safe = PathSanitizer.sanitizePath(raw);
      Path resolved = ROOT;
      for (String element : safe) {
        assertThat(element).isNotEmpty().isNotIn(".", "..").doesNotContain("/", "\\", "\0");
        resolved = resolved.resolve(element);
        assertThat(resolved.getParent()).as("one element is one level: %s", raw).isNotNull();
      }
      assertThat(resolved.normalize()).as("%s", raw).startsWithRaw(ROOT);
      assertThat(resolved.normalize().getNameCount())
          .as("%s", raw)
          .isEqualTo(ROOT.getNameCount() + safe.size());
    }
  }
}
