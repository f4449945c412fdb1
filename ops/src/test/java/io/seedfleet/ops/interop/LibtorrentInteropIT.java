package io.seedfleet.ops.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedfleet.testing.LibtorrentPeer;
import io.seedfleet.testing.TestContent;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both directions against libtorrent-rasterbar on 127.0.0.1, through the real {@code seedfleet}
 * command: a multi-file torrent of more than 64 MiB with nested directories, an empty file and a
 * last piece shorter than the rest.
 */
@Tag("interop")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LibtorrentInteropIT {
  static final Pattern SEEDING_PORT = Pattern.compile("seeding .* on port (\\d+)");

  @TempDir static Path tmp;
  Path content;
  Path torrent;

  @BeforeAll
  void makeContent() throws Exception {
    Path origin = tmp.resolve("origin");
    content = origin.resolve("release");
    TestContent.multiFileTree(content, (64L << 20) + 123_457, 2026);
    torrent = tmp.resolve("release.torrent");
    LibtorrentPeer.makeTorrent(content, torrent, 1 << 20, true);
  }

  @Test
  void seedfleetDownloadsFromALibtorrentSeederByteIdentical() throws Exception {
    Path out = tmp.resolve("get-from-libtorrent");
    try (LibtorrentPeer seeder = LibtorrentPeer.seed(torrent, content.getParent(), false);
         SeedfleetProcess get = SeedfleetProcess.start("get-from-libtorrent", "get", torrent.toString(),
             "-o", out.toString(), "--peer", "127.0.0.1:" + seeder.port(), "--timeout", "180")) {
      int exit = get.awaitExit(Duration.ofSeconds(200));
      assertThat(exit).as(get.output()).isZero();
      assertThat(get.output()).contains("complete");
    }
    TestContent.assertTreesIdentical(content, out.resolve("release"));
  }

  @Test
  void aLibtorrentLeecherDownloadsFromSeedfleetSeed() throws Exception {
    Path out = tmp.resolve("libtorrent-from-seed");
    Files.createDirectories(out);
    try (SeedfleetProcess seed = SeedfleetProcess.start("seed-to-libtorrent", "seed", torrent.toString(),
             "--data", content.getParent().toString(), "--port", "0", "--bind", "127.0.0.1")) {
      int port = seedingPort(seed);
      try (LibtorrentPeer leecher = LibtorrentPeer.leech(torrent, out, List.of(new InetSocketAddress("127.0.0.1", port)))) {
        assertThat(leecher.awaitFinished(Duration.ofSeconds(180))).as(seed.output()).isTrue();
      }
    }
    TestContent.assertTreesIdentical(content, out.resolve("release"));
  }

  /** libtorrent 2.0's default torrents are hybrid v1+v2, with BEP 47 padding files in the v1 list. */
  @Test
  void seedfleetDownloadsAHybridTorrentFromLibtorrent() throws Exception {
    Path origin = tmp.resolve("hybrid-origin");
    Path hybridContent = origin.resolve("hybrid");
    TestContent.multiFileTree(hybridContent, (12L << 20) + 777, 7);
    Path hybrid = tmp.resolve("hybrid.torrent");
    LibtorrentPeer.makeTorrent(hybridContent, hybrid, 256 * 1024, false);
    Path out = tmp.resolve("get-hybrid");
    try (LibtorrentPeer seeder = LibtorrentPeer.seed(hybrid, origin, false);
         SeedfleetProcess get = SeedfleetProcess.start("get-hybrid", "get", hybrid.toString(),
             "-o", out.toString(), "--peer", "127.0.0.1:" + seeder.port(), "--timeout", "120")) {
      assertThat(get.awaitExit(Duration.ofSeconds(150))).as(get.output()).isZero();
    }
    TestContent.assertTreesIdentical(hybridContent, out.resolve("hybrid"));
  }

  static int seedingPort(SeedfleetProcess seed) throws InterruptedException {
    String line = seed.awaitLine(l -> SEEDING_PORT.matcher(l).find(), Duration.ofSeconds(90));
    Matcher m = SEEDING_PORT.matcher(line);
    assertThat(m.find()).isTrue();
    return Integer.parseInt(m.group(1));
  }
}
