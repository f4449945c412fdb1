package io.seedfleet.ops.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.testing.LibtorrentDhtNode;
import io.seedfleet.testing.LibtorrentPeer;
import io.seedfleet.testing.OpenTracker;
import io.seedfleet.testing.TestContent;
import io.seedfleet.testing.TrackerTorrents;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Discovery through the real command. Mostly peers found through the Mainline DHT only, on a private loopback DHT whose router is a
 * libtorrent node: nobody is given a peer address and the torrent names no tracker.
 */
@Tag("interop")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DhtCliInteropIT {
  @TempDir static Path tmp;
  Path content;
  Path torrent;

  @BeforeAll
  void makeContent() throws Exception {
    content = tmp.resolve("origin").resolve("dht-release");
    TestContent.multiFileTree(content, (6L << 20) + 4321, 55);
    torrent = tmp.resolve("dht-release.torrent");
    LibtorrentPeer.makeTorrent(content, torrent, 256 * 1024, true);
  }

  @Test
  void seedfleetGetFindsALibtorrentSeederThroughTheDht() throws Exception {
    Path out = tmp.resolve("get-via-dht");
    try (LibtorrentDhtNode router = LibtorrentDhtNode.start(List.of());
         LibtorrentDhtNode seeder = LibtorrentDhtNode.seed(torrent, content.getParent(), List.of(router.address()));
         SeedfleetProcess get = SeedfleetProcess.start("get-via-dht", "get", torrent.toString(), "-o", out.toString(),
             "--bind", "127.0.0.1", "--no-lsd", "--dht-bootstrap", "127.0.0.1:" + router.address().getPort(),
             "--timeout", "150")) {
      assertThat(get.awaitExit(Duration.ofSeconds(170))).as(get.output() + seeder.output()).isZero();
    }
    TestContent.assertTreesIdentical(content, out.resolve("dht-release"));
  }

  @Test
  void libtorrentFindsSeedfleetSeedThroughTheDht() throws Exception {
    Path out = tmp.resolve("libtorrent-via-dht");
    Files.createDirectories(out);
    try (LibtorrentDhtNode router = LibtorrentDhtNode.start(List.of());
         SeedfleetProcess seed = SeedfleetProcess.start("seed-via-dht", "seed", torrent.toString(),
             "--data", content.getParent().toString(), "--port", "0", "--bind", "127.0.0.1", "--no-lsd",
             "--dht-bootstrap", "127.0.0.1:" + router.address().getPort())) {
      LibtorrentInteropIT.seedingPort(seed);
      try (LibtorrentDhtNode leecher = LibtorrentDhtNode.seed(torrent, out, List.of(router.address()))) {
        assertThat(leecher.awaitSeeding(Duration.ofSeconds(150))).as(seed.output() + leecher.output()).isTrue();
      }
    }
    TestContent.assertTreesIdentical(content, out.resolve("dht-release"));
  }

  @Test
  void aMagnetWithOnlyTheInfoHashIsFetchedThroughTheDht() throws Exception {
    Path out = tmp.resolve("magnet-via-dht");
    Path saved = tmp.resolve("saved-from-dht.torrent");
    Metainfo metainfo = Metainfo.parse(Files.readAllBytes(torrent));
    try (LibtorrentDhtNode router = LibtorrentDhtNode.start(List.of());
         LibtorrentDhtNode seeder = LibtorrentDhtNode.seed(torrent, content.getParent(), List.of(router.address()));
         SeedfleetProcess get = SeedfleetProcess.start("magnet-via-dht", "get",
             "magnet:?xt=urn:btih:" + metainfo.infoHash().hex(), "-o", out.toString(), "--save-torrent", saved.toString(),
             "--bind", "127.0.0.1", "--no-lsd", "--dht-bootstrap", "127.0.0.1:" + router.address().getPort(),
             "--timeout", "150")) {
      assertThat(get.awaitExit(Duration.ofSeconds(170))).as(get.output() + seeder.output()).isZero();
    }
    TestContent.assertTreesIdentical(content, out.resolve("dht-release"));
    assertThat(Metainfo.parse(Files.readAllBytes(saved)).infoHash()).isEqualTo(metainfo.infoHash());
  }

  @Test
  void aMagnetWithOnlyATrackerIsFetchedThroughOpentracker() throws Exception {
    Metainfo metainfo = Metainfo.parse(Files.readAllBytes(torrent));
    Path out = tmp.resolve("magnet-via-tracker");
    try (OpenTracker tracker = OpenTracker.start(Files.createDirectories(tmp.resolve("opentracker")), List.of(metainfo.infoHash()))) {
      Path announced = TrackerTorrents.withAnnounce(torrent, tracker.httpAnnounceUrl(), tmp.resolve("announced.torrent"));
      String magnet = "magnet:?xt=urn:btih:" + metainfo.infoHash().hex() + "&tr="
          + URLEncoder.encode(tracker.httpAnnounceUrl(), StandardCharsets.UTF_8);
      try (LibtorrentPeer seeder = LibtorrentPeer.seed(announced, content.getParent(), false);
           SeedfleetProcess get = SeedfleetProcess.start("magnet-via-tracker", "get", magnet, "-o", out.toString(),
               "--bind", "127.0.0.1", "--no-lsd", "--no-dht", "--timeout", "150")) {
        assertThat(get.awaitExit(Duration.ofSeconds(170))).as(get.output() + seeder.output() + tracker.output()).isZero();
      }
    }
    TestContent.assertTreesIdentical(content, out.resolve("dht-release"));
  }

  @Test
  void aNodeTakesItsDhtBootstrapFromItsConfigFile() throws Exception {
    try (LibtorrentDhtNode router = LibtorrentDhtNode.start(List.of())) {
      Path config = tmp.resolve("node-dht.conf");
      Files.writeString(config, "seedfleet.dht.bootstrap = [\"127.0.0.1:" + router.address().getPort() + "\"]\n");
      try (SeedfleetProcess node = SeedfleetProcess.start("node-dht-config", "node", "--config", config.toString(),
          "--data", tmp.resolve("node-dht").toString(), "--bt-port", "0", "--cluster-port", "0", "--api", "127.0.0.1:0",
          "--no-lsd")) {
        node.awaitLine(l -> l.contains(" up;"), Duration.ofSeconds(120));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (router.dhtNodes() == 0 && System.nanoTime() < deadline) {
          Thread.sleep(500);
        }
        assertThat(router.dhtNodes()).as(router.output() + node.output()).isPositive();
      }
    }
  }
}
