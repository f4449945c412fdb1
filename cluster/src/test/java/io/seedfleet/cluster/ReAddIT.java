package io.seedfleet.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.ConfigFactory;
import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.session.Session;
import io.seedfleet.engine.torrent.Torrent;
import io.seedfleet.proto.cluster.v1.TorrentStatus;
import io.seedfleet.testing.TestContent;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A torrent removed from the catalogue and added again at once runs again: its replica entity may
 * still be retiring (passivation pending) and the engine may still be stopping the old torrent when
 * the new spec arrives. Our own engine seeds the content; the fleet finds it through the magnet's
 * {@code x.pe}.
 */
class ReAddIT {
  private static final Duration DOWNLOAD = Duration.ofSeconds(60);

  @Test
  void aMagnetRemovedWithItsDataAndAddedAgainAtOnceDownloadsAgain(@TempDir Path tmp) throws Exception {
    FleetFixtures.Content content = FleetFixtures.content(tmp, 2L << 20, 61);
    InfoHash infoHash = content.metainfo().infoHash();
    Path dataDir = tmp.resolve("node");
    try (FleetNode node = node(dataDir, "")) {
      String magnet = magnet(content, FleetFixtures.publisher(node, content));
      node.addMagnet(magnet, options(null)).toCompletableFuture().join();
      awaitDownloaded(node, content, dataDir.resolve("torrents").resolve(content.hex()));

      List<TorrentStatus> reports = node.removeWithData(infoHash).toCompletableFuture().join();
      assertThat(reports).singleElement().satisfies(r -> assertThat(r.getError()).isEmpty());
      assertThat(FleetFixtures.replicaFile(dataDir, content).getParent()).doesNotExist();
      node.addMagnet(magnet, options(null)).toCompletableFuture().join();

      awaitDownloaded(node, content, dataDir.resolve("torrents").resolve(content.hex()));
    }
  }

  @Test
  void aMagnetInACustomDirectoryRemovedItsFilesDeletedAndAddedAgainDownloadsAgain(@TempDir Path tmp) throws Exception {
    FleetFixtures.Content content = FleetFixtures.content(tmp, 2L << 20, 62);
    InfoHash infoHash = content.metainfo().infoHash();
    Path downloads = Files.createDirectories(tmp.resolve("downloads"));
    Path custom = downloads.resolve("custom");
    try (FleetNode node = node(tmp.resolve("node"), "seedfleet.fleet.download-roots = [\"" + downloads + "\"]")) {
      String magnet = magnet(content, FleetFixtures.publisher(node, content));
      node.addMagnet(magnet, options(custom.toString())).toCompletableFuture().join();
      awaitDownloaded(node, content, custom);

      List<TorrentStatus> reports = node.removeWithData(infoHash).toCompletableFuture().join();
      assertThat(reports).singleElement().satisfies(r -> assertThat(r.getError()).startsWith("kept"));
      Files.delete(custom.resolve(FleetFixtures.FILE_NAME)); // what an operator does with a kept directory
      node.addMagnet(magnet, options(custom.toString())).toCompletableFuture().join();

      awaitDownloaded(node, content, custom);
    }
  }

  @Test
  void aTorrentRemovedWithoutItsDataAndAddedAgainAtOnceSeedsAgain(@TempDir Path tmp) throws Exception {
    FleetFixtures.Content content = FleetFixtures.content(tmp, 2L << 20, 63);
    InfoHash infoHash = content.metainfo().infoHash();
    Path dataDir = tmp.resolve("node");
    try (FleetNode node = node(dataDir, "")) {
      String magnet = magnet(content, FleetFixtures.publisher(node, content));
      node.addMagnet(magnet, options(null)).toCompletableFuture().join();
      awaitDownloaded(node, content, dataDir.resolve("torrents").resolve(content.hex()));

      long incarnation = node.get(infoHash).toCompletableFuture().join().orElseThrow().getIncarnation();
      assertThat(incarnation).isNotZero();
      node.addMagnet(magnet, options(null)).toCompletableFuture().join(); // replaces the present entry
      assertThat(node.get(infoHash).toCompletableFuture().join().orElseThrow().getIncarnation())
          .as("a replacing add keeps the incarnation, so the running torrent goes on").isEqualTo(incarnation);

      // No pause: the replica may see one change; 0.7 s: it may be retiring; 1.5 s: it has stopped.
      for (long pauseMillis : new long[] {0, 700, 1500}) {
        ActorRef<Torrent.Command> before = engineTorrent(node, infoHash);
        node.remove(infoHash).toCompletableFuture().join();
        Thread.sleep(pauseMillis);
        node.addMagnet(magnet, options(null)).toCompletableFuture().join();
        awaitSeedingAfresh(node, infoHash, before);
        long now = node.get(infoHash).toCompletableFuture().join().orElseThrow().getIncarnation();
        assertThat(now).as("a new entry, a new incarnation").isNotEqualTo(incarnation);
        incarnation = now;
      }
      assertThat(FleetFixtures.replicaFile(dataDir, content)).exists();
      TestContent.assertTreesIdentical(content.file().getParent(), dataDir.resolve("torrents").resolve(content.hex()));

      ActorRef<Torrent.Command> before = engineTorrent(node, infoHash);
      node.remove(infoHash).toCompletableFuture().join();
      node.add(content.torrent(), 1, List.of()).toCompletableFuture().join(); // the .torrent this time
      awaitSeedingAfresh(node, infoHash, before);
    }
  }

  /**
   * A node whose reconciler never ticks within a test: a replica that a re-add must start again
   * has to be started by the fleet's reaction to the change, not by the periodic safety net.
   */
  private static FleetNode node(Path dataDir, String extraConfig) {
    FleetSettings settings = FleetSettings.defaults(dataDir).withReconcileInterval(Duration.ofMinutes(10))
        .withExtraConfig(ConfigFactory.parseString(extraConfig + "\n"
            + "pekko.coordinated-shutdown.run-by-actor-system-terminate = off\n"
            + "pekko.cluster.jmx.multi-mbeans-in-same-jvm = on"));
    return FleetNode.start(settings).awaitUp(Duration.ofSeconds(20));
  }

  /** The engine's handle of the torrent, or null when the engine does not run it. */
  private static ActorRef<Torrent.Command> engineTorrent(FleetNode node, InfoHash infoHash) {
    Map<InfoHash, ActorRef<Torrent.Command>> all = AskPattern.<Session.Command, Map<InfoHash, ActorRef<Torrent.Command>>>ask(
        node.session(), Session.GetTorrents::new, Duration.ofSeconds(5), node.system().scheduler())
        .toCompletableFuture().join();
    return all.get(infoHash);
  }

  private static FleetNode.AddOptions options(String downloadDir) {
    return new FleetNode.AddOptions(1, List.of("re-add"), false, downloadDir);
  }

  private static String magnet(FleetFixtures.Content content, InetSocketAddress seeder) {
    return "magnet:?xt=urn:btih:" + content.hex() + "&x.pe=127.0.0.1:" + seeder.getPort();
  }

  /** Seeding what it downloaded, with every file in {@code dir} as published. */
  private static void awaitDownloaded(FleetNode node, FleetFixtures.Content content, Path dir) {
    await().atMost(DOWNLOAD).pollInterval(Duration.ofMillis(250)).ignoreExceptions().untilAsserted(() -> {
      TorrentStatus status = node.status(content.metainfo().infoHash()).toCompletableFuture().join().get(0);
      assertThat(status.getState()).isEqualTo(TorrentStatus.State.SEEDING);
      assertThat(status.getBytesDownloaded()).isPositive();
      TestContent.assertTreesIdentical(content.file().getParent(), dir);
    });
  }

  /** Seeding from a torrent the engine started after {@code before} (the one that ran before the remove). */
  private static void awaitSeedingAfresh(FleetNode node, InfoHash infoHash, ActorRef<Torrent.Command> before) {
    await().atMost(DOWNLOAD).pollInterval(Duration.ofMillis(250)).until(() -> {
      ActorRef<Torrent.Command> now = engineTorrent(node, infoHash);
      return now != null && !now.equals(before) && state(node, infoHash) == TorrentStatus.State.SEEDING;
    });
  }

  private static TorrentStatus.State state(FleetNode node, InfoHash infoHash) {
    return node.status(infoHash).toCompletableFuture().join().get(0).getState();
  }
}
