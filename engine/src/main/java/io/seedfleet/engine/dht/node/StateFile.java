package io.seedfleet.engine.dht.node;

import io.seedfleet.engine.dht.KrpcException;
import io.seedfleet.engine.dht.RoutingTableSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads and saves a node's routing table; a missing or unreadable file means a fresh start. */
final class StateFile {
  private static final Logger LOG = LoggerFactory.getLogger(StateFile.class);

  private StateFile() {}

  static Optional<RoutingTableSnapshot> load(Path file) {
    if (file == null || !Files.exists(file)) {
      return Optional.empty();
    }
    try {
      if (Files.size(file) > RoutingTableSnapshot.MAX_BYTES) {
        LOG.warn("DHT state {} ignored: larger than {} bytes", file, RoutingTableSnapshot.MAX_BYTES);
        return Optional.empty();
      }
      return Optional.of(RoutingTableSnapshot.decode(Files.readAllBytes(file)));
    } catch (IOException | KrpcException e) {
      LOG.warn("DHT state {} ignored: {}", file, e.getMessage());
      return Optional.empty();
    }
  }

  /** Writes a temporary file beside the target and renames it over, so a crash leaves old or new. */
  static void save(Path file, RoutingTableSnapshot snapshot) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    try {
      Files.write(temp, snapshot.encode());
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
