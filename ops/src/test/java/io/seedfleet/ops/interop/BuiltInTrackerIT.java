package io.seedfleet.ops.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.engine.trackerd.AllowedInfoHashes;
import io.seedfleet.engine.trackerd.ScrapeCounts;
import io.seedfleet.engine.trackerd.TrackedPeer;
import io.seedfleet.engine.trackerd.TrackerPolicy;
import io.seedfleet.ops.trackerd.BuiltInTracker;
import io.seedfleet.testing.Aria2Leecher;
import io.seedfleet.testing.LibtorrentPeer;
import io.seedfleet.testing.Ports;
import io.seedfleet.testing.TestContent;
import io.seedfleet.testing.TrackerTorrents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real clients find each other only through seedfleet's built-in tracker: each torrent names our
 * tracker as its only announce URL, and no client gets a peer address, DHT, LSD or PEX. libtorrent
 * to libtorrent and aria2 from a libtorrent seeder, each over HTTP and over UDP.
 */
@Tag("interop")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BuiltInTrackerIT {
  private static final Duration TRANSFER = Duration.ofSeconds(120);

  @TempDir static Path tmp;
  private ActorSystem<Void> system;
  private BuiltInTracker tracker;
  private final AllowedInfoHashes known = new AllowedInfoHashes();
  private Path content;
  private Path plainTorrent;
  private InfoHash infoHash;

  @BeforeAll
  void start() throws Exception {
    system = ActorSystem.create(Behaviors.empty(), "tracker-it");
    tracker = BuiltInTracker.start(system, "127.0.0.1", 0, TrackerPolicy.only(known));
    content = tmp.resolve("origin").resolve("payload.bin");
    TestContent.singleFile(content, (6L << 20) + 4321, 15);
    plainTorrent = tmp.resolve("plain.torrent");
    LibtorrentPeer.makeTorrent(content, plainTorrent, 256 * 1024, true);
    infoHash = Metainfo.parse(Files.readAllBytes(plainTorrent)).infoHash();
    known.add(infoHash);
  }

  @AfterAll
  void stop() {
    if (tracker != null) {
      tracker.close();
    }
    system.terminate();
  }

  @Test
  void libtorrentLeecherFindsLibtorrentSeederThroughHttpAnnounce() throws Exception {
    libtorrentToLibtorrent(tracker.httpAnnounceUrl(), "http");
  }

  @Test
  void libtorrentLeecherFindsLibtorrentSeederThroughUdpAnnounce() throws Exception {
    libtorrentToLibtorrent(tracker.udpAnnounceUrl(), "udp");
  }

  private void libtorrentToLibtorrent(String announceUrl, String name) throws Exception {
    Path torrent = TrackerTorrents.withAnnounce(plainTorrent, announceUrl, tmp.resolve(name + ".torrent"));
    Path out = Files.createDirectories(tmp.resolve("lt-" + name));
    long completedBefore = counts().downloaded();
    try (LibtorrentPeer seeder = LibtorrentPeer.seed(torrent, content.getParent(), false)) {
      awaitPeerOnPort(seeder.port(), seeder.output());
      try (LibtorrentPeer leecher = LibtorrentPeer.leech(torrent, out, List.of())) {
        assertThat(leecher.awaitFinished(TRANSFER)).as(leecher.output()).isTrue();
        awaitPeerOnPort(leecher.port(), leecher.output());
        assertThat(tracker.registry().peers(infoHash)).extracting(p -> p.address().getPort())
            .contains(seeder.port(), leecher.port());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
            assertThat(counts().downloaded()).as("the leecher announced completed").isEqualTo(completedBefore + 1));
      }
    }
    assertThat(Files.mismatch(content, out.resolve("payload.bin"))).isEqualTo(-1L);
  }

  @Test
  void aria2DownloadsFromALibtorrentSeederFoundOnlyThroughHttpAnnounce() throws Exception {
    aria2FromLibtorrent(tracker.httpAnnounceUrl(), "http", List.of());
  }

  @Test
  void aria2DownloadsFromALibtorrentSeederFoundOnlyThroughUdpAnnounce() throws Exception {
    // aria2 sends UDP tracker packets only through its DHT socket; with no entry point its DHT
    // finds no one, so the seeder still comes only from our tracker.
    aria2FromLibtorrent(tracker.udpAnnounceUrl(), "udp",
        List.of("--enable-dht=true", "--dht-listen-port=" + Ports.freeTcpPort(), "--dht-file-path=" + tmp.resolve("dht.dat")));
  }

  private void aria2FromLibtorrent(String announceUrl, String name, List<String> aria2Options) throws Exception {
    Path torrent = TrackerTorrents.withAnnounce(plainTorrent, announceUrl, tmp.resolve("aria2-" + name + ".torrent"));
    Path out = tmp.resolve("aria2-" + name);
    long completedBefore = counts().downloaded();
    try (LibtorrentPeer seeder = LibtorrentPeer.seed(torrent, content.getParent(), false)) {
      awaitPeerOnPort(seeder.port(), seeder.output());
      try (Aria2Leecher aria2 = Aria2Leecher.start(torrent, out, aria2Options)) {
        assertThat(aria2.awaitExit(TRANSFER)).as(aria2.output()).isZero();
      }
      // aria2 announced itself (started), then "stopped" with nothing left as it exited.
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(counts().downloaded()).isEqualTo(completedBefore + 1));
      assertThat(tracker.registry().peers(infoHash)).extracting(p -> p.address().getPort()).contains(seeder.port());
    }
    assertThat(Files.mismatch(content, out.resolve("payload.bin"))).isEqualTo(-1L);
  }

  private ScrapeCounts counts() {
    return tracker.registry().counts(infoHash).orElse(ScrapeCounts.EMPTY);
  }

  private void awaitPeerOnPort(int port, String output) {
    await("announce from port " + port + ":\n" + output).atMost(Duration.ofSeconds(30)).until(() ->
        tracker.registry().peers(infoHash).stream().map(TrackedPeer::address).anyMatch(a -> a.getPort() == port));
  }
}
