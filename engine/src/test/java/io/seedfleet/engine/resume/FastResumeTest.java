package io.seedfleet.engine.resume;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedfleet.engine.metainfo.CreateOptions;
import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.engine.metainfo.TorrentCreator;
import io.seedfleet.engine.storage.PieceLayout;
import io.seedfleet.engine.storage.TorrentStorage;
import io.seedfleet.testing.TestContent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up check and the save sequence, without an actor. */
class FastResumeTest {
  private static final int PIECE = 16 * 1024;

  @TempDir Path tmp;
  private ExecutorService pool;
  private Metainfo metainfo;
  private TorrentStorage storage;
  private FastResume resume;

  @BeforeEach
  void setUp() throws Exception {
    pool = Executors.newFixedThreadPool(2);
    TestContent.multiFileTree(tmp.resolve("data").resolve("t"), 12L * PIECE + 5, 3);
    metainfo = Metainfo.parse(TorrentCreator.create(tmp.resolve("data").resolve("t"),
        new CreateOptions(PIECE, List.of(), false, null, "t"), pool));
    storage = TorrentStorage.open(tmp.resolve("data"),
        new PieceLayout(metainfo.files(), metainfo.pieceLength(), metainfo.totalLength()));
    resume = new FastResume(new ResumeStore(tmp.resolve("resume")), metainfo);
  }

  @AfterEach
  void tearDown() {
    storage.close();
    pool.shutdownNow();
  }

  private FastResume.Outcome check(AtomicInteger hashed) throws Exception {
    return resume.check(storage, pool, piece -> { }, piece -> hashed.incrementAndGet());
  }

  @Test
  void withoutASnapshotEverythingIsHashedThenASavedSnapshotIsTrusted() throws Exception {
    AtomicInteger hashed = new AtomicInteger();
    FastResume.Outcome first = check(hashed);
    assertThat(first.source()).isEqualTo(FastResume.Source.FULL_CHECK);
    assertThat(hashed.get()).isEqualTo(metainfo.pieceCount());
    assertThat(first.verified().cardinality()).isEqualTo(metainfo.pieceCount());

    resume.save(storage, first.verified());
    hashed.set(0);
    FastResume.Outcome second = check(hashed);
    assertThat(second.source()).isEqualTo(FastResume.Source.SNAPSHOT);
    assertThat(hashed.get()).isZero();
    assertThat(second.verified()).isEqualTo(first.verified());
  }

  @Test
  void aSnapshotClaimsOnlyWhatItWasGiven() throws Exception {
    BitSet some = new BitSet();
    some.set(2, 5);
    resume.save(storage, some);
    AtomicInteger hashed = new AtomicInteger();
    FastResume.Outcome outcome = check(hashed);
    assertThat(outcome.verified()).isEqualTo(some); // the other pieces are on disk but not claimed
    assertThat(hashed.get()).isZero();
  }

  @Test
  void aSnapshotWithAChangedFileIsUsedButNotExact() throws Exception {
    AtomicInteger hashed = new AtomicInteger();
    resume.save(storage, check(hashed).verified());
    Path file = tmp.resolve("data").resolve(String.join("/", metainfo.files().get(0).path()));
    Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(
        Files.getLastModifiedTime(file).toMillis() - 60_000));
    hashed.set(0);
    FastResume.Outcome outcome = check(hashed);
    assertThat(outcome.source()).isEqualTo(FastResume.Source.SNAPSHOT_WITH_CHANGES);
    assertThat(outcome.usedSnapshot()).isTrue();
    assertThat(hashed.get()).isPositive().isLessThan(metainfo.pieceCount());
    assertThat(outcome.verified().cardinality()).isEqualTo(metainfo.pieceCount());
  }

  @Test
  void anUnusableSnapshotIsSaidApartFromAMissingOne() throws Exception {
    Files.createDirectories(tmp.resolve("resume"));
    Files.write(tmp.resolve("resume").resolve(metainfo.infoHash().hex() + ".resume"), new byte[] {1, 2, 3});
    FastResume.Outcome outcome = check(new AtomicInteger());
    assertThat(outcome.source()).isEqualTo(FastResume.Source.FULL_CHECK_SNAPSHOT_UNUSABLE);
    assertThat(outcome.summary()).contains("not a resume file");
    assertThat(outcome.verified().cardinality()).isEqualTo(metainfo.pieceCount());
  }
}
