package io.seedfleet.engine.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seedfleet.engine.metainfo.CreateOptions;
import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.engine.metainfo.TorrentCreator;
import io.seedfleet.engine.torrent.Torrent;
import io.seedfleet.engine.torrent.TorrentState;
import io.seedfleet.engine.torrent.TorrentStatus;
import io.seedfleet.testing.TestContent;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.io.TempDir;

/** Our seeder and three of our leechers in one JVM over loopback TCP, on a multi-file torrent. */
@ExtendWith(LogCapturingExtension.class)
class SwarmIT {

  @Test
  void threeLeechersCompleteAMultiFileTorrentFromOneSeeder(@TempDir Path tmp) throws Exception {
    Path seedDir = tmp.resolve("seed");
    Path content = seedDir.resolve("release");
    TestContent.multiFileTree(content, 12L << 20, 42);
    byte[] torrentBytes;
    try (var pool = Executors.newFixedThreadPool(2)) {
      torrentBytes = TorrentCreator.create(content, new CreateOptions(256 * 1024, List.of(), false, null, "test"), pool);
    }
    Metainfo metainfo = Metainfo.parse(torrentBytes);
    assertThat(metainfo.files()).hasSizeGreaterThan(3);

    List<Node> nodes = new ArrayList<>();
    try {
      Node seeder = new Node("seeder");
      nodes.add(seeder);
      ActorRef<Torrent.Command> seeding = seeder.add(metainfo, seedDir, List.of());
      await().atMost(Duration.ofSeconds(30)).until(() -> seeder.status(seeding).state() == TorrentState.SEEDING);

      List<InetSocketAddress> known = new ArrayList<>(List.of(seeder.address()));
      List<Node> leechers = new ArrayList<>();
      List<ActorRef<Torrent.Command>> torrents = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Node leecher = new Node("leecher" + i);
        nodes.add(leecher);
        leechers.add(leecher);
        torrents.add(leecher.add(metainfo, tmp.resolve("leech" + i), List.copyOf(known)));
        known.add(leecher.address()); // later leechers also dial earlier ones: pieces flow between leechers
      }

      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
        for (int i = 0; i < 3; i++) {
          if (!leechers.get(i).status(torrents.get(i)).complete()) {
            return false;
          }
        }
        return true;
      });
      for (int i = 0; i < 3; i++) {
        TorrentStatus status = leechers.get(i).status(torrents.get(i));
        assertThat(status.piecesVerified()).isEqualTo(metainfo.pieceCount());
        assertThat(status.hashFailures()).isZero();
        TestContent.assertTreesIdentical(content, tmp.resolve("leech" + i).resolve("release"));
      }
      // Transfer counters are reported once a second, so wait for the seeder's to catch up.
      await().atMost(Duration.ofSeconds(5)).until(() -> seeder.status(seeding).bytesUploaded() > 0);
      assertThat(Files.list(tmp).map(p -> p.getFileName().toString()).toList())
          .containsExactlyInAnyOrder("seed", "leech0", "leech1", "leech2");
    } finally {
      nodes.forEach(Node::close);
    }
  }
}
