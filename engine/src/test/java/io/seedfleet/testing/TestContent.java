package io.seedfleet.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/** Deterministic pseudo-random test content, and byte-for-byte comparison of trees. */
public final class TestContent {
  private TestContent() {}

  /**
   * A tree of about {@code totalBytes} under {@code dir}: nested directories three levels deep, an
   * empty file, a one-byte file, and files of odd sizes that straddle piece boundaries, so the last
   * piece of any power-of-two piece size is short.
   */
  public static void multiFileTree(Path dir, long totalBytes, long seed) throws IOException {
    Random random = new Random(seed);
    List<String> names = List.of(
        "README.txt", "bin/tool", "lib/a/core.jar", "lib/a/b/deep-data.bin", "lib/a/b/empty.dat",
        "lib/one-byte", "share/doc/manual.pdf", "share/doc/z-last.bin");
    long[] sizes = new long[names.size()];
    long fixed = 1 + 1; // the one-byte file and a small odd remainder
    long share = (totalBytes - fixed) / 6;
    sizes[0] = 1_234 + random.nextInt(1000);
    sizes[1] = share + 4_321;
    sizes[2] = share - 777;
    sizes[3] = share * 2 + 12_345;
    sizes[4] = 0;
    sizes[5] = 1;
    sizes[6] = share;
    long used = 0;
    for (int i = 0; i < 7; i++) {
      used += sizes[i];
    }
    sizes[7] = Math.max(1, totalBytes - used);
    for (int i = 0; i < names.size(); i++) {
      writeRandom(dir.resolve(names.get(i)), sizes[i], random.nextLong());
    }
  }

  /** One file of exactly {@code size} random bytes. */
  public static void singleFile(Path file, long size, long seed) throws IOException {
    writeRandom(file, size, seed);
  }

  private static void writeRandom(Path file, long size, long seed) throws IOException {
    Files.createDirectories(file.getParent());
    Random random = new Random(seed);
    byte[] chunk = new byte[1 << 16];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = size; left > 0; ) {
        random.nextBytes(chunk);
        int n = (int) Math.min(chunk.length, left);
        out.write(chunk, 0, n);
        left -= n;
      }
    }
  }

  /** Asserts both trees hold the same relative paths with identical bytes (empty files included). */
  public static void assertTreesIdentical(Path expected, Path actual) throws IOException {
    assertTreesIdentical(expected, actual, true);
  }

  /**
   * As {@link #assertTreesIdentical(Path, Path)}, but when {@code emptyFilesRequired} is false the
   * empty files may be missing (Transmission 3.00 never creates zero-length files).
   */
  public static void assertTreesIdentical(Path expected, Path actual, boolean emptyFilesRequired) throws IOException {
    List<Path> expectedFiles = regularFiles(expected);
    List<Path> actualFiles = regularFiles(actual);
    if (!emptyFilesRequired) {
      expectedFiles = expectedFiles.stream().filter(p -> sizeOf(expected.resolve(p)) > 0).toList();
      actualFiles = actualFiles.stream().filter(p -> sizeOf(actual.resolve(p)) > 0).toList();
    }
    assertThat(actualFiles).as("files under " + actual).containsExactlyElementsOf(expectedFiles);
    for (Path relative : expectedFiles) {
      Path a = expected.resolve(relative);
      Path b = actual.resolve(relative);
      assertThat(Files.size(b)).as("size of " + relative).isEqualTo(Files.size(a));
      assertThat(Files.mismatch(a, b)).as("first differing byte of " + relative).isEqualTo(-1L);
    }
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<Path> regularFiles(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
    }
  }
}
