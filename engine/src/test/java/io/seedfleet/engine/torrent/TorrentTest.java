package io.seedfleet.engine.torrent;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedfleet.engine.metainfo.CreateOptions;
import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.engine.metainfo.TorrentCreator;
import io.seedfleet.engine.net.NetLoop;
import io.seedfleet.engine.peer.LocalPeerId;
import io.seedfleet.testing.TestContent;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
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

/** The torrent actor's life cycle: checking, then downloading or seeding, pause, and errors. */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
class TorrentTest {
  private static final int PIECE = 32 * 1024;

  @JUnit5TestKit public ActorTestKit testKit = new JUnit5TestKitBuilder().build();

  @TempDir Path tmp;
  private NetLoop loop;
  private ExecutorService pool;
  private EngineContext engine;
  private Metainfo metainfo;
  private Path content;

  @BeforeEach
  void setUp() throws Exception {
    loop = new NetLoop("test-net");
    pool = Executors.newFixedThreadPool(2);
    engine = new EngineContext(loop, pool, pool, LocalPeerId.generate(), 6881, TorrentSettings.defaults());
    content = tmp.resolve("seed").resolve("album");
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

  @Test
  void completeDataIsCheckedAndSeeded() {
    ActorRef<Torrent.Command> torrent = testKit.spawn(Torrent.create(metainfo, tmp.resolve("seed"), engine));
    TorrentStatus status = awaitState(torrent, TorrentState.SEEDING);
    assertThat(status.piecesVerified()).isEqualTo(metainfo.pieceCount());
    assertThat(status.wantedRemaining()).isZero();
    assertThat(status.complete()).isTrue();
    assertThat(status.bytesVerified()).isEqualTo(metainfo.totalLength());
  }

  @Test
  void noDataMeansDownloadingEveryPiece() {
    ActorRef<Torrent.Command> torrent = testKit.spawn(Torrent.create(metainfo, tmp.resolve("empty"), engine));
    TorrentStatus status = awaitState(torrent, TorrentState.DOWNLOADING);
    assertThat(status.piecesVerified()).isZero();
    assertThat(status.wantedRemaining()).isEqualTo(metainfo.pieceCount());
    assertThat(status.complete()).isFalse();
  }

  @Test
  void aDamagedPieceIsFoundByTheCheckAndOnlyItIsWanted() throws Exception {
    var firstNonEmpty = metainfo.files().stream().filter(f -> f.length() > 0).findFirst().orElseThrow();
    Path first = tmp.resolve("seed").resolve(String.join("/", firstNonEmpty.path()));
    try (RandomAccessFile file = new RandomAccessFile(first.toFile(), "rw")) {
      file.seek(0);
      int b = file.read();
      file.seek(0);
      file.write(b ^ 0xff);
    }
    ActorRef<Torrent.Command> torrent = testKit.spawn(Torrent.create(metainfo, tmp.resolve("seed"), engine));
    TorrentStatus status = awaitState(torrent, TorrentState.DOWNLOADING);
    assertThat(status.piecesVerified()).isEqualTo(metainfo.pieceCount() - 1);
    assertThat(status.wantedRemaining()).isEqualTo(1);
  }

  @Test
  void pauseAndResume() {
    ActorRef<Torrent.Command> torrent = testKit.spawn(Torrent.create(metainfo, tmp.resolve("seed"), engine));
    awaitState(torrent, TorrentState.SEEDING);
    torrent.tell(Torrent.Pause.INSTANCE);
    awaitState(torrent, TorrentState.PAUSED);
    torrent.tell(Torrent.Resume.INSTANCE);
    awaitState(torrent, TorrentState.SEEDING);
  }

  @Test
  void unwantedFilesAreNotDownloaded() {
    ActorRef<Torrent.Command> torrent = testKit.spawn(Torrent.create(metainfo, tmp.resolve("empty"), engine));
    awaitState(torrent, TorrentState.DOWNLOADING);
    torrent.tell(new Torrent.SetFilePriorities(new int[metainfo.files().size()]));
    TorrentStatus status = awaitState(torrent, TorrentState.SEEDING);
    assertThat(status.wantedRemaining()).isZero();
    assertThat(status.piecesVerified()).isZero();
  }

  @Test
  void aDownloadDirectoryThatIsAFileIsAClearError() throws Exception {
    Path notADirectory = Files.writeString(tmp.resolve("plain-file"), "x");
    ActorRef<Torrent.Command> torrent = testKit.spawn(Torrent.create(metainfo, notADirectory, engine));
    TorrentStatus status = awaitState(torrent, TorrentState.ERROR);
    assertThat(status.error()).contains("plain-file");
  }
}
