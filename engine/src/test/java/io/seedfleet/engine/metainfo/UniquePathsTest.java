package io.seedfleet.engine.metainfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UniquePathsTest {
  @Test
  void renamesCaseInsensitiveCollisionsDeterministically() throws Exception {
    UniquePaths unique = new UniquePaths();
    assertThat(unique.claim(List.of("t", "Readme"))).containsExactly("t", "Readme");
    assertThat(unique.claim(List.of("t", "README"))).containsExactly("t", "README.1");
    assertThat(unique.claim(List.of("t", "readme"))).containsExactly("t", "readme.2");
  }

  @Test
  void directoryCollidingWithAFileIsRenamedForAllItsFiles() throws Exception {
    UniquePaths unique = new UniquePaths();
    unique.claim(List.of("t", "x"));
    assertThat(unique.claim(List.of("t", "x", "1"))).containsExactly("t", "x.1", "1");
    assertThat(unique.claim(List.of("t", "x", "2"))).containsExactly("t", "x.1", "2");
    // A file named like an existing directory is renamed too.
    assertThat(unique.claim(List.of("t", "x.1"))).containsExactly("t", "x.1.1");
  }

  @Test
  void maxLengthNamesStillGetADistinctSuffix() throws Exception {
    UniquePaths unique = new UniquePaths();
    String name = "n".repeat(251) + ".mkv";
    unique.claim(List.of("t", name));
    List<String> second = unique.claim(List.of("t", name));
    assertThat(second.get(1)).hasSize(255).endsWith(".1.mkv");
  }

  @Test
  void manyDuplicatesStayUniqueThenFail() throws Exception {
    UniquePaths unique = new UniquePaths();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i <= UniquePaths.MAX_DUPLICATES; i++) {
      assertThat(seen.add(unique.claim(List.of("t", "f.txt")).get(1).toLowerCase(Locale.ROOT)))
          .isTrue();
    }
    assertThatThrownBy(() -> unique.claim(List.of("t", "F.TXT")))
        .isInstanceOfSatisfying(
            MetainfoException.class,
            e -> assertThat(e.error()).isEqualTo(MetainfoError.TOO_MANY_DUPLICATE_FILENAMES));
  }
}
