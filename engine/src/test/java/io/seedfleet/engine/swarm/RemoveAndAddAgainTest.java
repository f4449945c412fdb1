package io.seedfleet.engine.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seedfleet.engine.metainfo.CreateOptions;
import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.engine.metainfo.TorrentCreator;
import io.seedfleet.engine.session.Session;
import io.seedfleet.engine.torrent.Torrent;
import io.seedfleet.engine.torrent.TorrentState;
import io.seedfleet.testing.TestContent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A torrent removed and added again at once (an admin's `rm` then `add`, or a fleet replica that
 * restarts) must not find its old actor's name still taken: the spawn would fail and take the whole
 * session down with it.
 */
class RemoveAndAddAgainTest {
  @Test
  void aTorrentRemovedAndAddedAgainAtOnceRunsAndTheSessionSurvives(@TempDir Path tmp) throws Exception {
    Path dir = tmp.resolve("data");
    TestContent.multiFileTree(dir.resolve("release"), 256 * 1024, 7);
    Metainfo metainfo;
    try (var pool = Executors.newFixedThreadPool(2)) {
      metainfo = Metainfo.parse(TorrentCreator.create(dir.resolve("release"),
          new CreateOptions(64 * 1024, List.of(), false, null, "test"), pool));
    }
    try (Node node = new Node("readd")) {
      ActorRef<Torrent.Command> torrent = node.add(metainfo, dir, List.of());
      for (int round = 0; round < 5; round++) {
        node.system().tell(new Session.RemoveTorrent(metainfo.infoHash()));
        torrent = node.add(metainfo, dir, List.of()); // no wait: the old actor is still stopping
      }
      ActorRef<Torrent.Command> last = torrent;
      await().atMost(Duration.ofSeconds(20)).until(() -> node.status(last).state() == TorrentState.SEEDING);
      Session.SessionInfo info = AskPattern.<Session.Command, Session.SessionInfo>ask(node.system(),
          Session.GetInfo::new, Duration.ofSeconds(5), node.system().scheduler()).toCompletableFuture().join();
      assertThat(info.torrents()).isEqualTo(1);
    }
  }
}
