package io.seedfleet.ops.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedfleet.testing.LibtorrentDhtNode;
import io.seedfleet.testing.LibtorrentPeer;
import io.seedfleet.testing.TestContent;
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
 * Peers found through the Mainline DHT only, on a private loopback DHT whose router is a
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
}
