package io.seedfleet.ops.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.testing.LibtorrentPeer;
import io.seedfleet.testing.TestContent;
import java.net.InetSocketAddress;
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
 * Magnet links (BEP 9) and peer exchange (BEP 11) against libtorrent-rasterbar on 127.0.0.1,
 * through the real {@code seedfleet} command, in both directions.
 */
@Tag("interop")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MagnetInteropIT {
  @TempDir static Path tmp;
  Path content;
  Path torrent;
  Metainfo metainfo;

  @BeforeAll
  void makeContent() throws Exception {
    content = tmp.resolve("origin").resolve("album");
    // Small pieces give an info dict of several 16 KiB metadata pieces.
    TestContent.multiFileTree(content, (24L << 20) + 4321, 53);
    torrent = tmp.resolve("album.torrent");
    LibtorrentPeer.makeTorrent(content, torrent, 16 * 1024, true);
    metainfo = Metainfo.parse(Files.readAllBytes(torrent));
    assertThat(metainfo.infoBytes().length).isGreaterThan(16 * 1024);
  }

  private String magnet() {
    return "magnet:?xt=urn:btih:" + metainfo.infoHash().hex() + "&dn=album";
  }

  @Test
  void seedfleetGetsAMagnetFromALibtorrentSeederAndSavesTheTorrent() throws Exception {
    Path out = tmp.resolve("get-magnet");
    Path saved = tmp.resolve("saved").resolve("fetched.torrent");
    try (LibtorrentPeer seeder = LibtorrentPeer.seed(torrent, content.getParent(), false);
         SeedfleetProcess get = SeedfleetProcess.start("get-magnet", "get",
             magnet() + "&x.pe=127.0.0.1:" + seeder.port(), "-o", out.toString(),
             "--save-torrent", saved.toString(), "--timeout", "180")) {
      assertThat(get.awaitExit(Duration.ofSeconds(200))).as(get.output()).isZero();
      assertThat(get.output()).contains("fetching metadata").contains("complete");
    }
    TestContent.assertTreesIdentical(content, out.resolve("album"));
    Metainfo fetched = Metainfo.parse(Files.readAllBytes(saved));
    assertThat(fetched.infoHash()).isEqualTo(metainfo.infoHash());
    assertThat(fetched.infoBytes()).isEqualTo(metainfo.infoBytes());
  }

  @Test
  void aLibtorrentMagnetLeecherFetchesMetadataAndDataFromSeedfleetSeed() throws Exception {
    Path out = tmp.resolve("libtorrent-magnet");
    try (SeedfleetProcess seed = SeedfleetProcess.start("seed-magnet", "seed", torrent.toString(),
             "--data", content.getParent().toString(), "--port", "0", "--bind", "127.0.0.1")) {
      int port = LibtorrentInteropIT.seedingPort(seed);
      try (LibtorrentPeer leecher = LibtorrentPeer.leechMagnet(magnet(), out,
          List.of(new InetSocketAddress("127.0.0.1", port)), List.of())) {
        assertThat(leecher.awaitFinished(Duration.ofSeconds(180))).as(leecher.output() + seed.output()).isTrue();
      }
    }
    TestContent.assertTreesIdentical(content, out.resolve("album"));
  }

  /**
   * Send direction: two libtorrent leechers are each given only our seeder. Our seeder tells each
   * about the other over ut_pex (the listen port from their extended handshakes), and they connect
   * to each other: an address only our PEX messages carried. (A second seedfleet node would not do:
   * it learns the leecher from our PEX too and dials it first.)
   */
  @Test
  void seedfleetTellsLibtorrentPeersAboutEachOtherOverPex() throws Exception {
    List<String> slow = List.of("--download-limit", "200000"); // still downloading when PEX arrives
    try (SeedfleetProcess seed = SeedfleetProcess.start("pex-seed", "seed", torrent.toString(),
             "--data", content.getParent().toString(), "--port", "0", "--bind", "127.0.0.1")) {
      InetSocketAddress ours = new InetSocketAddress("127.0.0.1", LibtorrentInteropIT.seedingPort(seed));
      try (LibtorrentPeer first = LibtorrentPeer.leech(torrent, tmp.resolve("pex-a"), List.of(ours), slow);
           LibtorrentPeer second = LibtorrentPeer.leech(torrent, tmp.resolve("pex-b"), List.of(ours), slow)) {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        boolean met = false;
        while (!met && System.nanoTime() < deadline) {
          met = first.awaitPeer(p -> p.equals("127.0.0.1:" + second.port()), Duration.ofMillis(500))
              || second.awaitPeer(p -> p.equals("127.0.0.1:" + first.port()), Duration.ofMillis(500));
        }
        assertThat(met).as(first.output() + second.output() + seed.output()).isTrue();
      }
    }
  }

  /**
   * Receive direction: our leecher knows only a libtorrent seeder, which also serves a libtorrent
   * leecher. libtorrent sends its first PEX message after about a minute; we then dial the other
   * leecher, which sees a connection from an ephemeral port (not the seeder's, not our listen port).
   */
  @Test
  void seedfleetLearnsALibtorrentPeerOverPex() throws Exception {
    List<String> slow = List.of("--upload-limit", "150000");
    try (LibtorrentPeer seeder = LibtorrentPeer.seed(torrent, content.getParent(), false, slow);
         LibtorrentPeer other = LibtorrentPeer.leech(torrent, tmp.resolve("pex-other"),
             List.of(seeder.address()), List.of("--download-limit", "100000"))) {
      int ourPort = io.seedfleet.testing.Ports.freeTcpPort();
      try (SeedfleetProcess get = SeedfleetProcess.start("get-pex", "get", torrent.toString(),
          "-o", tmp.resolve("get-pex").toString(), "--peer", "127.0.0.1:" + seeder.port(),
          "--port", Integer.toString(ourPort), "--bind", "127.0.0.1", "--timeout", "150")) {
        boolean dialedByUs = other.awaitPeer(p -> !p.equals("127.0.0.1:" + seeder.port())
            && !p.equals("127.0.0.1:" + ourPort), Duration.ofSeconds(120));
        assertThat(dialedByUs).as(other.output() + get.output()).isTrue();
      }
    }
  }

  @Test
  void aMalformedMagnetIsOneClearLine() throws Exception {
    try (SeedfleetProcess get = SeedfleetProcess.start("get-bad-magnet", "get", "magnet:?xt=urn:btih:123&dn=x",
        "-o", tmp.resolve("bad-magnet").toString())) {
      assertThat(get.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
      assertThat(get.output()).contains("seedfleet: invalid magnet link: invalid_info_hash").doesNotContain("\tat ");
    }
    assertThat(tmp.resolve("bad-magnet")).doesNotExist();
  }

  @Test
  void aMagnetNobodyServesTimesOutWithExitOne() throws Exception {
    int closedPort = io.seedfleet.testing.Ports.freeTcpPort();
    try (SeedfleetProcess get = SeedfleetProcess.start("get-magnet-timeout", "get",
        magnet() + "&x.pe=127.0.0.1:" + closedPort, "-o", tmp.resolve("nobody").toString(), "--timeout", "3")) {
      assertThat(get.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
      assertThat(get.output()).contains("fetching metadata").contains("timed out fetching metadata")
          .doesNotContain("\tat ");
    }
  }
}
