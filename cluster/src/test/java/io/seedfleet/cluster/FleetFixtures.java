package io.seedfleet.cluster;

import io.seedfleet.engine.metainfo.CreateOptions;
import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.engine.metainfo.TorrentCreator;
import com.typesafe.config.ConfigFactory;
import io.seedfleet.engine.session.Session;
import io.seedfleet.engine.session.SessionConfig;
import io.seedfleet.testing.TestContent;
import java.net.InetSocketAddress;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;

/** Small torrents and nodes on loopback for the fleet tests. */
final class FleetFixtures {

  static final String FILE_NAME = "payload.bin";

  /** A single-file torrent and its content. */
  record Content(Path file, byte[] torrent, Metainfo metainfo) {
    String hex() {
      return metainfo.infoHash().hex();
    }
  }

  private FleetFixtures() {}

  static Content content(Path dir, long size, long seed) throws Exception {
    Path file = dir.resolve("content-" + seed).resolve(FILE_NAME);
    Files.createDirectories(file.getParent());
    TestContent.singleFile(file, size, seed);
    byte[] torrent;
    try (var pool = Executors.newFixedThreadPool(2)) {
      torrent = TorrentCreator.create(file, new CreateOptions(64 * 1024, List.of(), false, null, "fleet-test"), pool);
    }
    return new Content(file, torrent, Metainfo.parse(torrent));
  }

  /** Puts the content where a replica on the node with {@code dataDir} saves it, so it starts as a seed. */
  static void publishInto(Path dataDir, Content content) throws Exception {
    Path target = dataDir.resolve("torrents").resolve(content.hex()).resolve(FILE_NAME);
    Files.createDirectories(target.getParent());
    Files.copy(content.file(), target, StandardCopyOption.REPLACE_EXISTING);
  }

  static Path replicaFile(Path dataDir, Content content) {
    return dataDir.resolve("torrents").resolve(content.hex()).resolve(FILE_NAME);
  }

  /**
   * A node on loopback with ephemeral ports. Terminating its ActorSystem does not leave the cluster
   * (coordinated shutdown is not run by terminate), so {@code system().terminate()} acts as a crash.
   */
  static FleetNode node(Path dataDir, List<String> seeds) {
    return node(dataDir, seeds, "");
  }

  static FleetNode node(Path dataDir, List<String> seeds, String extraConfig) {
    FleetSettings settings = FleetSettings.defaults(dataDir).withSeedNodes(seeds)
        .withReconcileInterval(Duration.ofSeconds(2))
        .withExtraConfig(ConfigFactory.parseString(extraConfig + "\n"
            + "pekko.coordinated-shutdown.run-by-actor-system-terminate = off\n"
            + "pekko.cluster.jmx.multi-mbeans-in-same-jvm = on"));
    return FleetNode.start(settings);
  }

  /** A valid single-file .torrent of {@code pieces} 16 KiB pieces with random hashes: no data exists for it. */
  static byte[] syntheticTorrent(String name, int pieces, java.util.Random random) {
    byte[] hashes = new byte[20 * pieces];
    random.nextBytes(hashes);
    var info = io.seedfleet.engine.bencode.BDict.builder().put("length", 16L * 1024 * pieces).put("name", name)
        .put("piece length", 16 * 1024).put("pieces", hashes).build();
    return io.seedfleet.engine.bencode.Bencode.encode(io.seedfleet.engine.bencode.BDict.builder().put("info", info).build());
  }

  /** A plain engine session in {@code node}'s ActorSystem seeding {@code content}: the publisher. */
  static InetSocketAddress publisher(FleetNode node, Content content) {
    return publisher(node, content, "publisher");
  }

  static InetSocketAddress publisher(FleetNode node, Content content, String name) {
    var system = node.system();
    ActorRef<Session.Command> session = system.systemActorOf(
        Session.create(SessionConfig.defaults(new InetSocketAddress("127.0.0.1", 0))), name, Props.empty());
    Session.AddResult added = AskPattern.<Session.Command, Session.AddResult>ask(session,
        replyTo -> new Session.AddTorrent(content.metainfo(), content.file().getParent(), List.of(), replyTo),
        Duration.ofSeconds(5), system.scheduler()).toCompletableFuture().join();
    if (added.torrent() == null) {
      throw new IllegalStateException("publisher could not start: " + added.error());
    }
    Session.SessionInfo info = AskPattern.<Session.Command, Session.SessionInfo>ask(session, Session.GetInfo::new,
        Duration.ofSeconds(5), system.scheduler()).toCompletableFuture().join();
    return new InetSocketAddress("127.0.0.1", info.listenPort());
  }
}
