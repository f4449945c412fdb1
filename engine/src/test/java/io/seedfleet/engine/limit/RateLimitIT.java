package io.seedfleet.engine.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seedfleet.engine.metainfo.CreateOptions;
import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.engine.metainfo.TorrentCreator;
import io.seedfleet.engine.session.Session;
import io.seedfleet.engine.swarm.Node;
import io.seedfleet.engine.torrent.Torrent;
import io.seedfleet.engine.torrent.TorrentState;
import io.seedfleet.testing.LibtorrentPeer;
import io.seedfleet.testing.TestContent;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rate and connection limits against real libtorrent peers on loopback. Rates are measured on the
 * libtorrent side from its payload byte counters over at least 4 s, after a 1 s warm-up that
 * absorbs the initial burst and the socket buffers filling; the issue asks for the limit within
 * 10 % (and we also refuse anything below 0.8x, which a limiter stuck in long waits would show).
 */
@Tag("interop")
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RateLimitIT {
  private static final long MIB = 1 << 20;
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final Pattern TIME = Pattern.compile("\"time\": ([0-9.]+)");
  private static final Pattern DOWNLOADED = Pattern.compile("\"total_payload_download\": (\\d+)");
  private static final Pattern UPLOADED = Pattern.compile("\"total_payload_upload\": (\\d+)");

  @TempDir Path tmp;
  private Path content;
  private Path torrentFile;
  private Metainfo metainfo;

  @BeforeAll
  void makeTorrent(@TempDir Path shared) throws Exception {
    content = shared.resolve("seed").resolve("payload.bin");
    TestContent.singleFile(content, 32 * MIB, 9); // more than any test moves: transfers never finish early
    byte[] torrentBytes;
    try (var pool = Executors.newFixedThreadPool(2)) {
      torrentBytes = TorrentCreator.create(content, new CreateOptions(256 * 1024, List.of(), false, null, "test"), pool);
    }
    metainfo = Metainfo.parse(torrentBytes);
    torrentFile = Files.write(shared.resolve("payload.torrent"), torrentBytes);
  }

  @Test
  void globalUploadLimitHoldsAgainstALibtorrentLeecher() throws Exception {
    long limit = MIB;
    try (Node seeder = new Node("up-seeder", c -> c.withRateLimits(limit, 0))) {
      seeding(seeder);
      try (LibtorrentPeer leecher = LibtorrentPeer.leech(torrentFile, tmp.resolve("lt"), List.of(seeder.address()))) {
        assertRate(measure(leecher, DOWNLOADED), limit, leecher);
      }
    }
  }

  @Test
  void globalDownloadLimitHoldsAgainstALibtorrentSeeder() throws Exception {
    long limit = MIB;
    try (LibtorrentPeer source = LibtorrentPeer.seed(torrentFile, content.getParent(), false);
        Node leecher = new Node("down-leecher", c -> c.withRateLimits(0, limit))) {
      ActorRef<Torrent.Command> torrent = leecher.add(metainfo, tmp.resolve("ours"), List.of(source.address()));
      // Measured on our side: the seeder counts what it hands its kernel, and the sockets' buffers
      // (megabytes on loopback) take several seconds to fill at this rate.
      assertRate(measureOurs(leecher, torrent), limit, source);
    }
  }

  @Test
  void aTorrentLimitBelowTheGlobalOneWins() throws Exception {
    long torrentLimit = 512 * 1024;
    try (Node seeder = new Node("torrent-limited", c -> c.withRateLimits(4 * MIB, 4 * MIB))) {
      seeding(seeder);
      seeder.system().tell(new Session.SetTorrentLimits(metainfo.infoHash(), new Torrent.SetLimits(torrentLimit, 0, 50)));
      ActorRef<Torrent.Command> torrent = AskPattern.<Session.Command, java.util.Map<io.seedfleet.engine.metainfo.InfoHash,
          ActorRef<Torrent.Command>>>ask(seeder.system(), Session.GetTorrents::new, TIMEOUT, seeder.system().scheduler())
          .toCompletableFuture().join().get(metainfo.infoHash());
      await().atMost(TIMEOUT).until(() -> limitsOf(seeder, torrent).uploadRate() == torrentLimit);
      try (LibtorrentPeer leecher = LibtorrentPeer.leech(torrentFile, tmp.resolve("lt"), List.of(seeder.address()))) {
        assertRate(measure(leecher, DOWNLOADED), torrentLimit, leecher);
      }
    }
  }

  /**
   * Our engine is offered four seeders (our own engines: cheap to start) but may keep only two
   * connections; raising the cap lets more in, lowering the torrent's or the node's cap closes the
   * excess. A slow download limit keeps it leeching throughout.
   */
  @Test
  void connectionLimitsCapHowManyPeersConnect() throws Exception {
    List<Node> seeders = new ArrayList<>();
    try (Node limited = new Node("conn-limited", c -> c.withRateLimits(0, 64 * 1024))) {
      List<InetSocketAddress> addresses = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Node seeder = new Node("conn-seeder" + i);
        seeders.add(seeder);
        seeding(seeder);
        addresses.add(seeder.address());
      }
      ActorRef<Torrent.Command> torrent = limited.add(metainfo, tmp.resolve("ours"), List.of());
      torrent.tell(new Torrent.SetLimits(0, 0, 2));
      await().atMost(TIMEOUT).until(() -> limitsOf(limited, torrent).maxConnections() == 2);
      torrent.tell(new Torrent.AddPeers(addresses));

      await().atMost(TIMEOUT).until(() -> limited.status(torrent).connectedPeers() == 2);
      long until = System.nanoTime() + Duration.ofSeconds(2).toNanos(); // dials happen every second: give them time
      while (System.nanoTime() < until) {
        assertThat(limited.status(torrent).connectedPeers()).isLessThanOrEqualTo(2);
        Thread.sleep(100);
      }
      assertThat(limited.status(torrent).state()).isEqualTo(TorrentState.DOWNLOADING);

      torrent.tell(new Torrent.SetLimits(0, 0, 4));
      await().atMost(Duration.ofSeconds(20)).until(() -> limited.status(torrent).connectedPeers() == 4);
      limited.system().tell(new Session.SetGlobalLimits(0, 64 * 1024, 3));
      await().atMost(TIMEOUT).until(() -> limited.status(torrent).connectedPeers() == 3);
      torrent.tell(new Torrent.SetLimits(0, 0, 1));
      await().atMost(TIMEOUT).until(() -> limited.status(torrent).connectedPeers() == 1);
      limited.system().tell(new Session.SetGlobalLimits(0, 64 * 1024, 2));
      torrent.tell(new Torrent.SetLimits(0, 0, 4));
      Thread.sleep(2500); // dial rounds: the node-wide cap now holds the torrent to 2
      assertThat(limited.status(torrent).connectedPeers()).isBetween(1, 2);
    } finally {
      seeders.forEach(Node::close);
    }
  }

  private void seeding(Node node) {
    ActorRef<Torrent.Command> torrent = node.add(metainfo, content.getParent(), List.of());
    await().atMost(Duration.ofSeconds(30)).until(() -> node.status(torrent).state() == TorrentState.SEEDING);
  }

  private static Limits limitsOf(Node node, ActorRef<Torrent.Command> torrent) {
    return AskPattern.<Torrent.Command, Limits>ask(torrent, Torrent.GetLimits::new, TIMEOUT, node.system().scheduler())
        .toCompletableFuture().join();
  }

  private record Sample(double seconds, long bytes) {}

  /** Bytes per second over at least 4 s, starting 1 s after the first payload byte moved. */
  private static double measure(LibtorrentPeer peer, Pattern counter) throws InterruptedException {
    ToLongFunction<String> bytes = line -> Long.parseLong(find(counter, line));
    String first = peer.awaitLine(l -> isStatus(l) && bytes.applyAsLong(l) > 0, Duration.ofSeconds(30));
    assertThat(first).as("no payload moved; libtorrent said:\n%s", peer.output()).isNotNull();
    double start = seconds(first) + 1.0;
    Sample from = sample(peer.awaitLine(l -> isStatus(l) && seconds(l) >= start, TIMEOUT), bytes);
    Sample to = sample(peer.awaitLine(l -> isStatus(l) && seconds(l) >= from.seconds() + 4.0, TIMEOUT), bytes);
    return (to.bytes() - from.bytes()) / (to.seconds() - from.seconds());
  }

  /**
   * Our torrent's download rate over at least 4 s, starting 1 s after the first payload arrived.
   * Peers report their counts once a second, so each end of the window is the moment a report
   * lands, seen by polling every 10 ms.
   */
  private static double measureOurs(Node node, ActorRef<Torrent.Command> torrent) throws InterruptedException {
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
        .until(() -> node.status(torrent).bytesDownloaded() > 0);
    Thread.sleep(1000);
    long[] from = nextReport(node, torrent, System.nanoTime());
    long[] to = nextReport(node, torrent, from[0] + Duration.ofSeconds(4).toNanos());
    return (to[1] - from[1]) * 1e9 / (to[0] - from[0]);
  }

  /** {nanoTime, bytesDownloaded} when the count first changes after {@code notBefore}. */
  private static long[] nextReport(Node node, ActorRef<Torrent.Command> torrent, long notBefore) throws InterruptedException {
    while (System.nanoTime() < notBefore) {
      Thread.sleep(10);
    }
    long last = node.status(torrent).bytesDownloaded();
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      long now = node.status(torrent).bytesDownloaded();
      if (now != last) {
        return new long[] {System.nanoTime(), now};
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no download progress reported for " + TIMEOUT);
  }

  private static void assertRate(double measured, long limit, LibtorrentPeer peer) {
    System.out.printf("measured %.0f B/s against a limit of %d B/s (%.3fx)%n", measured, limit, measured / limit);
    assertThat(measured).as("measured %.0f B/s against a limit of %d B/s; libtorrent said:\n%s", measured, limit,
        peer.output()).isBetween(0.9 * limit, 1.1 * limit);
  }

  private static boolean isStatus(String line) {
    return line.contains("\"status\"") && line.contains("\"time\"");
  }

  private static Sample sample(String line, ToLongFunction<String> bytes) {
    assertThat(line).as("libtorrent stopped reporting").isNotNull();
    return new Sample(seconds(line), bytes.applyAsLong(line));
  }

  private static double seconds(String line) {
    return Double.parseDouble(find(TIME, line));
  }

  private static String find(Pattern pattern, String line) {
    Matcher m = pattern.matcher(line);
    if (!m.find()) {
      throw new IllegalStateException("no " + pattern + " in " + line);
    }
    return m.group(1);
  }
}
