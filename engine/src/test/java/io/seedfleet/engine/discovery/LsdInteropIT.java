package io.seedfleet.engine.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seedfleet.engine.metainfo.CreateOptions;
import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.engine.metainfo.TorrentCreator;
import io.seedfleet.engine.swarm.Node;
import io.seedfleet.engine.torrent.Torrent;
import io.seedfleet.engine.torrent.TorrentState;
import io.seedfleet.testing.LibtorrentPeer;
import io.seedfleet.testing.TestContent;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local Service Discovery against libtorrent on the loopback interface (Linux delivers multicast
 * there): libtorrent hears our announcement and downloads from us, and we hear libtorrent's.
 * Nobody is given a peer address.
 */
class LsdInteropIT {
  private static final LsdConfig LOOPBACK_LSD = new LsdConfig(true, LsdConfig.BEP14_GROUP, List.of("lo"), 10,
      Duration.ofSeconds(5));

  private static Metainfo makeTorrent(Path content) throws Exception {
    TestContent.singleFile(content, 3L << 20, 7);
    try (var pool = Executors.newFixedThreadPool(2)) {
      return Metainfo.parse(TorrentCreator.create(content, new CreateOptions(256 * 1024, List.of(), false, null, "lsd"), pool));
    }
  }

  @Test
  void libtorrentFindsOurSeederThroughLsdAndDownloads(@TempDir Path tmp) throws Exception {
    Path seedDir = tmp.resolve("seed");
    Path content = seedDir.resolve("lsd-payload.bin");
    Metainfo metainfo = makeTorrent(content);
    Path torrentFile = tmp.resolve("lsd.torrent");
    Files.write(torrentFile, metainfo.torrentBytes());

    try (Node seeder = new Node("lsd-seeder", config -> config.withLsd(LOOPBACK_LSD))) {
      ActorRef<Torrent.Command> seeding = seeder.add(metainfo, seedDir, List.of());
      await().atMost(Duration.ofSeconds(30)).until(() -> seeder.status(seeding).state() == TorrentState.SEEDING);
      try (LibtorrentPeer leecher = LibtorrentPeer.leech(torrentFile, tmp.resolve("lt"), List.of(), List.of("--lsd"))) {
        assertThat(leecher.awaitFinished(Duration.ofSeconds(90))).as(leecher.output()).isTrue();
      }
      TestContent.assertTreesIdentical(seedDir, tmp.resolve("lt"));
      await().atMost(Duration.ofSeconds(5)).until(() -> seeder.status(seeding).bytesUploaded() >= metainfo.totalLength());
    }
  }

  @Test
  void weHearLibtorrentsAnnouncement(@TempDir Path tmp) throws Exception {
    Path seedDir = tmp.resolve("seed");
    Metainfo metainfo = makeTorrent(seedDir.resolve("lsd-payload.bin"));
    Path torrentFile = tmp.resolve("lsd.torrent");
    Files.write(torrentFile, metainfo.torrentBytes());

    ActorTestKit testKit = ActorTestKit.create("lsd-listener");
    try {
      TestProbe<LocalPeerDiscovery.PeerFound> found = testKit.createTestProbe();
      var discovery = testKit.spawn(LocalPeerDiscovery.create(LOOPBACK_LSD, 1, found.getRef()));
      discovery.tell(new LocalPeerDiscovery.Track(metainfo.infoHash()));
      try (LibtorrentPeer seeder = LibtorrentPeer.seed(torrentFile, seedDir, List.of("--lsd"))) {
        LocalPeerDiscovery.PeerFound peer = found.expectMessageClass(LocalPeerDiscovery.PeerFound.class, Duration.ofSeconds(60));
        assertThat(peer.infoHash()).isEqualTo(metainfo.infoHash());
        assertThat(peer.peer()).isEqualTo(new InetSocketAddress("127.0.0.1", seeder.port()));
      }
    } finally {
      testKit.shutdownTestKit();
    }
  }
}
