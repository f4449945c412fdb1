package io.seedfleet.cluster;

import io.seedfleet.engine.metainfo.CreateOptions;
import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.engine.metainfo.TorrentCreator;
import io.seedfleet.testing.TestContent;
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

  static FleetNode node(Path dataDir, List<String> seeds) {
    FleetSettings settings = FleetSettings.defaults(dataDir).withSeedNodes(seeds)
        .withReconcileInterval(Duration.ofSeconds(2));
    return FleetNode.start(settings);
  }
}
