package io.seedfleet.engine.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seedfleet.engine.metainfo.CreateOptions;
import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.engine.metainfo.TorrentCreator;
import io.seedfleet.engine.net.NetLoop;
import io.seedfleet.engine.peer.LocalPeerId;
import io.seedfleet.engine.torrent.EngineContext;
import io.seedfleet.engine.torrent.Torrent;
import io.seedfleet.engine.torrent.TorrentSettings;
import io.seedfleet.testing.TestContent;
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
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The torrent announces once its check is done, says stopped when paused and started again on resume. */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
class TorrentTrackerHookTest {
  @JUnit5TestKit public ActorTestKit testKit = new JUnit5TestKitBuilder().build();

  @TempDir Path tmp;
  private final NetLoop loop = new NetLoop("test-net");
  private final ExecutorService pool = Executors.newFixedThreadPool(2);
  private final StubHttpTracker stub;

  TorrentTrackerHookTest() throws Exception {
    stub = new StubHttpTracker().on("/announce", StubHttpTracker.reply("d8:intervali1800e5:peers0:e"));
  }

  @AfterEach
  void close() {
    stub.close();
    loop.close();
    pool.shutdownNow();
  }

  @Test
  void announcesStartedAfterTheCheckStoppedOnPauseAndStartedOnResume() throws Exception {
    Path content = tmp.resolve("seed").resolve("album");
    TestContent.multiFileTree(content, 300_000, 3);
    Metainfo metainfo = Metainfo.parse(TorrentCreator.create(content,
        new CreateOptions(32 * 1024, List.of(stub.url("/announce")), false, null, "t"), pool));
    EngineContext engine = new EngineContext(loop, pool, pool, LocalPeerId.generate(), 6881, TorrentSettings.defaults());

    ActorRef<Torrent.Command> torrent = testKit.spawn(Torrent.create(metainfo, tmp.resolve("empty"), engine));
    await().atMost(Duration.ofSeconds(30)).until(() -> stub.requests.size() >= 1);
    assertThat(stub.requests.get(0)).contains("&port=6881", "&left=" + metainfo.totalLength(), "&event=started");

    torrent.tell(Torrent.Pause.INSTANCE);
    await().atMost(Duration.ofSeconds(30)).until(() -> stub.requests.size() >= 2);
    assertThat(stub.requests.get(1)).contains("&event=stopped");

    torrent.tell(Torrent.Resume.INSTANCE);
    await().atMost(Duration.ofSeconds(30)).until(() -> stub.requests.size() >= 3);
    assertThat(stub.requests.get(2)).contains("&event=started");
  }
}
