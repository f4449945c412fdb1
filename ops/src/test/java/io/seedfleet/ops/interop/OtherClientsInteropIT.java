package io.seedfleet.ops.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedfleet.testing.Aria2Leecher;
import io.seedfleet.testing.TestContent;
import io.seedfleet.testing.TransmissionLeecher;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * aria2 and Transmission download from {@code seedfleet seed} on 127.0.0.1. Neither takes a peer
 * address on its command line, so our seeder dials them ({@code --peer}).
 */
@Tag("interop")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OtherClientsInteropIT {
  @TempDir static Path tmp;
  Path content;
  Path torrent;

  @BeforeAll
  void makeContent() throws Exception {
    content = tmp.resolve("origin").resolve("bundle");
    // Small: Transmission paces itself by our advertised request queue and waits ~10 s to start.
    TestContent.multiFileTree(content, (6L << 20) + 4321, 99);
    torrent = tmp.resolve("bundle.torrent");
    try (SeedfleetProcess create = SeedfleetProcess.start("create-bundle", "create", content.toString(),
        "-o", torrent.toString(), "--piece-size", "262144")) {
      assertThat(create.awaitExit(Duration.ofSeconds(60))).as(create.output()).isZero();
    }
  }

  @Test
  void aria2DownloadsFromSeedfleetSeed() throws Exception {
    Path out = tmp.resolve("aria2-out");
    try (Aria2Leecher aria2 = Aria2Leecher.start(torrent, out);
         SeedfleetProcess seed = SeedfleetProcess.start("seed-to-aria2", "seed", torrent.toString(),
             "--data", content.getParent().toString(), "--port", "0", "--bind", "127.0.0.1",
             "--peer", "127.0.0.1:" + aria2.address().getPort())) {
      LibtorrentInteropIT.seedingPort(seed);
      assertThat(aria2.awaitExit(Duration.ofSeconds(120))).as(aria2.output() + "\n" + seed.output()).isZero();
    }
    TestContent.assertTreesIdentical(content, out.resolve("bundle"));
  }

  @Test
  void transmissionDownloadsFromSeedfleetSeed() throws Exception {
    Path out = tmp.resolve("transmission-out");
    try (TransmissionLeecher transmission = TransmissionLeecher.start(torrent, out, tmp.resolve("transmission"));
         SeedfleetProcess seed = SeedfleetProcess.start("seed-to-transmission", "seed", torrent.toString(),
             "--data", content.getParent().toString(), "--port", "0", "--bind", "127.0.0.1",
             "--peer", "127.0.0.1:" + transmission.address().getPort())) {
      LibtorrentInteropIT.seedingPort(seed);
      assertThat(transmission.awaitComplete(Duration.ofSeconds(120)))
          .as(transmission.output() + "\n" + seed.output()).isTrue();
    }
    // Transmission 3.00 does not create zero-length files; every other byte must match.
    TestContent.assertTreesIdentical(content, out.resolve("bundle"), false);
  }
}
