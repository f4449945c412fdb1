package io.seedfleet.engine.torrent;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedfleet.engine.metainfo.CreateOptions;
import io.seedfleet.engine.metainfo.FileEntry;
import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.engine.metainfo.TorrentCreator;
import io.seedfleet.engine.net.NetLoop;
import io.seedfleet.engine.peer.LocalPeerId;
import io.seedfleet.engine.resume.ResumeCodec;
import io.seedfleet.engine.resume.ResumeLoad;
import io.seedfleet.engine.resume.ResumeStore;
import io.seedfleet.engine.storage.PieceLayout;
import io.seedfleet.testing.TestContent;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Fast resume in the torrent actor: what a restart hashes, the fall-back, and Recheck. */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
class TorrentResumeTest {
  private static final int PIECE = 32 * 1024;

  @JUnit5TestKit public ActorTestKit testKit = new JUnit5TestKitBuilder().build();

  @TempDir Path tmp;
  private NetLoop loop;
  private ExecutorService pool;
  private EngineContext engine;
  private Metainfo metainfo;
  private ResumeStore store;

  @BeforeEach
  void setUp() throws Exception {
    loop = new NetLoop("test-net");
    pool = Executors.newFixedThreadPool(2);
    engine = new EngineContext(loop, pool, pool, LocalPeerId.generate(), 6881, TorrentSettings.defaults())
        .withResumeDir(tmp.resolve("resume"));
    store = new ResumeStore(tmp.resolve("resume"));
    Path content = tmp.resolve("seed").resolve("album");
    TestContent.multiFileTree(content, 20 * PIECE + 999, 5);
    metainfo = Metainfo.parse(TorrentCreator.create(content, new CreateOptions(PIECE, List.of(), false, null, "t"), pool));
  }

  @AfterEach
  void tearDown() {
    loop.close();
    pool.shutdownNow();
  }

  private TorrentStatus awaitState(ActorRef<Torrent.Command> torrent, TorrentState wanted) {
    TestProbe<TorrentStatus> probe = testKit.createTestProbe();
    return probe.awaitAssert(Duration.ofSeconds(10), Duration.ofMillis(50), () -> {
      torrent.tell(new Torrent.GetStatus(probe.getRef()));
      TorrentStatus status = probe.receiveMessage();
      assertThat(status.state()).isEqualTo(wanted);
      return status;
    });
  }

  private ActorRef<Torrent.Command> start() {
    return testKit.spawn(Torrent.create(metainfo, tmp.resolve("seed"), engine));
  }

  /** Runs the torrent once so that it hashes everything and leaves a snapshot, then stops it. */
  private void firstRun() {
    ActorRef<Torrent.Command> torrent = start();
    TorrentStatus status = awaitState(torrent, TorrentState.SEEDING);
    assertThat(status.piecesHashed()).isEqualTo(metainfo.pieceCount());
    stop(torrent);
    assertThat(store.load(ResumeCodec.Expected.of(metainfo))).isInstanceOf(ResumeLoad.Usable.class);
  }

  private void stop(ActorRef<Torrent.Command> torrent) {
    TestProbe<Object> watcher = testKit.createTestProbe();
    testKit.stop(torrent, Duration.ofSeconds(15));
    watcher.expectTerminated(torrent, Duration.ofSeconds(5));
  }

  private Path fileOnDisk(int index) {
    return tmp.resolve("seed").resolve(String.join("/", metainfo.files().get(index).path()));
  }

  private int nonEmptyFile() {
    List<FileEntry> files = metainfo.files();
    for (int i = 1; i < files.size(); i++) {
      if (files.get(i).length() > 0 && !files.get(i).padding()) {
        return i;
      }
    }
    throw new IllegalStateException("no second non-empty file");
  }

  @Test
  void aRestartWithAnExactSnapshotHashesNoPiece() {
    firstRun();
    TorrentStatus restarted = awaitState(start(), TorrentState.SEEDING);
    assertThat(restarted.piecesHashed()).isZero();
    assertThat(restarted.piecesVerified()).isEqualTo(metainfo.pieceCount());
  }

  @Test
  void aTouchedFileHasOnlyItsPiecesHashedAgain() throws Exception {
    firstRun();
    int file = nonEmptyFile();
    Path path = fileOnDisk(file);
    int[] pieces = new PieceLayout(metainfo.files(), metainfo.pieceLength(), metainfo.totalLength()).piecesOfFile(file);
    Files.setLastModifiedTime(path, FileTime.fromMillis(Files.getLastModifiedTime(path).toMillis() + 5000));
    TorrentStatus restarted = awaitState(start(), TorrentState.SEEDING);
    assertThat(restarted.piecesHashed()).isEqualTo(pieces[1] - pieces[0] + 1).isLessThan(metainfo.pieceCount());
    assertThat(restarted.piecesVerified()).isEqualTo(metainfo.pieceCount());
  }

  @Test
  void aDamagedAndTouchedFileLosesItsDamagedPiece() throws Exception {
    firstRun();
    Path path = fileOnDisk(nonEmptyFile());
    flipFirstByte(path); // also changes the modification time
    Files.setLastModifiedTime(path, FileTime.fromMillis(System.currentTimeMillis() + 5000));
    TorrentStatus restarted = awaitState(start(), TorrentState.DOWNLOADING);
    assertThat(restarted.piecesVerified()).isEqualTo(metainfo.pieceCount() - 1);
  }

  @Test
  void aCorruptSnapshotFallsBackToAFullCheckAndIsRewritten() throws Exception {
    firstRun();
    Path file = store.fileFor(metainfo.infoHash());
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 1;
    Files.write(file, bytes);
    ActorRef<Torrent.Command> torrent = start();
    TorrentStatus restarted = awaitState(torrent, TorrentState.SEEDING);
    assertThat(restarted.piecesHashed()).isEqualTo(metainfo.pieceCount());
    assertThat(restarted.piecesVerified()).isEqualTo(metainfo.pieceCount());
    stop(torrent);
    assertThat(store.load(ResumeCodec.Expected.of(metainfo))).isInstanceOf(ResumeLoad.Usable.class);
  }

  @Test
  void recheckIgnoresTheSnapshotAndAPausedTorrentStaysPaused() throws Exception {
    firstRun();
    ActorRef<Torrent.Command> torrent = start();
    assertThat(awaitState(torrent, TorrentState.SEEDING).piecesHashed()).isZero();
    torrent.tell(Torrent.Pause.INSTANCE);
    awaitState(torrent, TorrentState.PAUSED);
    // damage that the snapshot cannot see: same size, modification time put back
    Path path = fileOnDisk(nonEmptyFile());
    FileTime before = Files.getLastModifiedTime(path);
    flipFirstByte(path);
    Files.setLastModifiedTime(path, before);
    torrent.tell(Torrent.Recheck.INSTANCE);
    TestProbe<TorrentStatus> probe = testKit.createTestProbe();
    TorrentStatus status = probe.awaitAssert(Duration.ofSeconds(10), Duration.ofMillis(50), () -> {
      torrent.tell(new Torrent.GetStatus(probe.getRef()));
      TorrentStatus s = probe.receiveMessage();
      assertThat(s.state()).isEqualTo(TorrentState.PAUSED);
      assertThat(s.piecesHashed()).isEqualTo(metainfo.pieceCount());
      return s;
    });
    assertThat(status.piecesVerified()).isEqualTo(metainfo.pieceCount() - 1);
    torrent.tell(Torrent.Resume.INSTANCE);
    assertThat(awaitState(torrent, TorrentState.DOWNLOADING).wantedRemaining()).isEqualTo(1);
    stop(torrent);
    // the rewritten snapshot no longer claims the damaged piece
    ResumeLoad load = store.load(ResumeCodec.Expected.of(metainfo));
    assertThat(((ResumeLoad.Usable) load).state().verified().cardinality()).isEqualTo(metainfo.pieceCount() - 1);
  }

  private static void flipFirstByte(Path path) throws Exception {
    try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw")) {
      int b = file.read();
      file.seek(0);
      file.write(b ^ 0xff);
    }
  }
}
