package io.seedfleet.engine.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seedfleet.engine.metainfo.CreateOptions;
import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.engine.metainfo.TorrentCreator;
import io.seedfleet.engine.discovery.TrackerTransports;
import io.seedfleet.engine.swarm.Node;
import io.seedfleet.engine.torrent.Torrent;
import io.seedfleet.engine.torrent.TorrentState;
import io.seedfleet.testing.LibtorrentPeer;
import io.seedfleet.testing.OpenTracker;
import io.seedfleet.testing.TestContent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Peers that find each other only through a real opentracker: our seeder, then our leecher, then
 * a libtorrent leecher, none given any peer address. The later joiners learn the earlier ones from
 * their {@code started} announce (opentracker's interval is half an hour).
 */
@Tag("interop")
@ExtendWith(LogCapturingExtension.class)
class TrackerSwarmIT {
  @TempDir Path tmp;

  @Test
  void peersFindEachOtherOverHttpTracker() throws Exception {
    swarm(OpenTracker::httpAnnounceUrl);
  }

  @Test
  void peersFindEachOtherOverUdpTracker() throws Exception {
    swarm(OpenTracker::udpAnnounceUrl);
  }

  private void swarm(Function<OpenTracker, String> announceUrl) throws Exception {
    Path seedDir = tmp.resolve("seed");
    Path content = seedDir.resolve("release");
    TestContent.multiFileTree(content, 6L << 20, 11);
    InfoHash infoHash = Metainfo.parse(create(content, "http://placeholder/announce")).infoHash();

    // Our own scrape client, over the scheme of the torrent's tracker while the swarm forms.
    try (OpenTracker tracker = OpenTracker.start(tmp, List.of(infoHash));
        TrackerTransports scraper = new TrackerTransports(TrackerConfig.defaults())) {
      String url = announceUrl.apply(tracker);
      byte[] torrentBytes = create(content, announceUrl.apply(tracker));
      Metainfo metainfo = Metainfo.parse(torrentBytes);
      assertThat(metainfo.infoHash()).isEqualTo(infoHash); // the announce URL is outside the info dictionary
      assertThat(metainfo.announceTiers()).containsExactly(List.of(announceUrl.apply(tracker)));
      Path torrentFile = Files.write(tmp.resolve("release.torrent"), torrentBytes);

      try (Node seeder = new Node("seeder"); Node leecher = new Node("leecher")) {
        ActorRef<Torrent.Command> seeding = seeder.add(metainfo, seedDir, List.of());
        await().atMost(Duration.ofSeconds(30)).until(() -> seeder.status(seeding).state() == TorrentState.SEEDING);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
            .until(() -> seedersKnownTo(scraper, url, infoHash) >= 1);

        ActorRef<Torrent.Command> leeching = leecher.add(metainfo, tmp.resolve("leech"), List.of());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
            .until(() -> leecher.status(leeching).complete());
        TestContent.assertTreesIdentical(content, tmp.resolve("leech").resolve("release"));
        assertThat(leecher.status(leeching).hashFailures()).isZero();

        try (LibtorrentPeer libtorrent = LibtorrentPeer.leech(torrentFile, tmp.resolve("lt"), List.of())) {
          assertThat(libtorrent.awaitFinished(Duration.ofSeconds(90)))
              .as("libtorrent finished; its output:\n%s\nopentracker:\n%s", libtorrent.output(), tracker.output())
              .isTrue();
        }
        TestContent.assertTreesIdentical(content, tmp.resolve("lt").resolve("release"));
        // Our leecher said "completed": the tracker now counts two seeders of ours.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
            .until(() -> seedersKnownTo(scraper, url, infoHash) >= 2);
        // Both transports see the same swarm: our two seeders still running, and at least our
        // leecher's "completed" counted as a download.
        for (String scrapeVia : List.of(tracker.httpAnnounceUrl(), tracker.udpAnnounceUrl())) {
          ScrapeStats stats = scraper.scrape(scrapeVia, List.of(infoHash)).get(10, TimeUnit.SECONDS).get(infoHash);
          assertThat(stats).as("scrape via %s", scrapeVia).isNotNull();
          assertThat(stats.seeders()).as("seeders via %s", scrapeVia).isGreaterThanOrEqualTo(2);
          assertThat(stats.completed()).as("completed via %s", scrapeVia).isGreaterThanOrEqualTo(1);
        }
        // A torrent the tracker was never told about: absent over HTTP, all zeros over UDP (BEP 15 has no "unknown").
        InfoHash unknown = InfoHash.of(new byte[20]);
        assertThat(scraper.scrape(tracker.httpAnnounceUrl(), List.of(unknown)).get(10, TimeUnit.SECONDS)
            .getOrDefault(unknown, new ScrapeStats(0, 0, 0))).isEqualTo(new ScrapeStats(0, 0, 0));
        assertThat(scraper.scrape(tracker.udpAnnounceUrl(), List.of(unknown)).get(10, TimeUnit.SECONDS))
            .containsEntry(unknown, new ScrapeStats(0, 0, 0));
      }
    }
  }

  private static byte[] create(Path content, String tracker) throws Exception {
    try (var pool = Executors.newFixedThreadPool(2)) {
      return TorrentCreator.create(content, new CreateOptions(64 * 1024, List.of(tracker), false, null, "test"), pool);
    }
  }

  /** Seeders the tracker reports to our scrape client; 0 while it does not know the torrent. */
  private static int seedersKnownTo(TrackerTransports scraper, String announceUrl, InfoHash infoHash) throws Exception {
    ScrapeStats stats = scraper.scrape(announceUrl, List.of(infoHash)).get(10, TimeUnit.SECONDS).get(infoHash);
    return stats == null ? 0 : stats.seeders();
  }
}
