package io.seedfleet.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Property (RELIABILITY.md case 18): whatever components a torrent carries, a resolved path is a
 * normalised path strictly inside the root, one name per component; otherwise a typed error.
 */
class SafePathsFuzzTest {
  private static final Path ROOT = Path.of("/srv/seedfleet/tenant").toAbsolutePath();

  @FuzzTest(maxDuration = "60s")
  void resolvedPathsStayUnderTheRoot(FuzzedDataProvider data) {
    // Input format, so seeds stay readable: components separated by 0x01, decoded as UTF-8
    // (malformed sequences become U+FFFD; NUL and separators pass through to be rejected).
    String raw = new String(data.consumeRemainingAsBytes(), StandardCharsets.UTF_8);
    List<String> components = new ArrayList<>(List.of(raw.split("\u0001", 16)));
    Path resolved;
    try {
      resolved = SafePaths.resolve(ROOT, components);
    } catch (StorageException e) {
      assertThat(e.error()).isIn(StorageError.INVALID_PATH, StorageError.PATH_OUTSIDE_ROOT);
      return;
    }
    assertThat(resolved.startsWith(ROOT)).isTrue();
    assertThat(resolved).isNotEqualTo(ROOT);
    assertThat(resolved.normalize()).isEqualTo(resolved);
    assertThat(resolved.getNameCount()).isEqualTo(ROOT.getNameCount() + components.size());
    for (int i = 0; i < components.size(); i++) {
      assertThat(resolved.getName(ROOT.getNameCount() + i).toString()).isEqualTo(components.get(i));
    }
  }
}
