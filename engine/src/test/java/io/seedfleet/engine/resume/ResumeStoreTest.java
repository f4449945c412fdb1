package io.seedfleet.engine.resume;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumeStoreTest {
  @TempDir Path dir;

  @Test
  void savesUnderTheInfoHashAndLoadsBack() throws Exception {
    ResumeStore store = new ResumeStore(dir.resolve("resume"));
    store.save(ResumeCodecTest.sample());
    Path file = dir.resolve("resume").resolve("0123456789abcdef0123456789abcdef01234567.resume");
    assertThat(file).exists();
    assertThat(store.load(ResumeCodecTest.EXPECTED)).isEqualTo(new ResumeLoad.Usable(ResumeCodecTest.sample()));
    try (var listing = Files.list(dir.resolve("resume"))) {
      assertThat(listing).containsExactly(file); // no temp file left behind
    }
  }

  @Test
  void aMissingSnapshotIsReportedAsMissing() {
    ResumeLoad load = new ResumeStore(dir).load(ResumeCodecTest.EXPECTED);
    assertThat(load).isInstanceOf(ResumeLoad.Unusable.class);
    assertThat(((ResumeLoad.Unusable) load).reason()).isEqualTo(ResumeLoad.Reason.MISSING);
  }

  @Test
  void aLeftoverTempFileFromACrashIsIgnoredAndReplaced() throws Exception {
    ResumeStore store = new ResumeStore(dir);
    store.save(ResumeCodecTest.sample());
    Path temp = dir.resolve(ResumeCodecTest.HASH.hex() + ".resume.tmp");
    Files.write(temp, new byte[] {'S', 'F', 'R', 'S', 0}); // a torn write of the next snapshot
    assertThat(store.load(ResumeCodecTest.EXPECTED)).isInstanceOf(ResumeLoad.Usable.class);
    store.save(ResumeCodecTest.sample());
    assertThat(temp).doesNotExist();
    assertThat(store.load(ResumeCodecTest.EXPECTED)).isInstanceOf(ResumeLoad.Usable.class);
  }

  @Test
  void aHugeFileIsNotRead() throws Exception {
    ResumeStore store = new ResumeStore(dir);
    Path file = store.fileFor(ResumeCodecTest.HASH);
    try (var raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(1L << 30); // sparse: costs nothing, must not be allocated
    }
    ResumeLoad load = store.load(ResumeCodecTest.EXPECTED);
    assertThat(((ResumeLoad.Unusable) load).reason()).isEqualTo(ResumeLoad.Reason.TOO_LARGE);
  }

  @Test
  void aCorruptedFileIsUnusable() throws Exception {
    ResumeStore store = new ResumeStore(dir);
    store.save(ResumeCodecTest.sample());
    Path file = store.fileFor(ResumeCodecTest.HASH);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x10;
    Files.write(file, bytes);
    ResumeLoad load = store.load(ResumeCodecTest.EXPECTED);
    assertThat(((ResumeLoad.Unusable) load).reason()).isEqualTo(ResumeLoad.Reason.CHECKSUM_MISMATCH);
  }
}
