package io.seedfleet.engine.torrent;

import io.seedfleet.engine.choke.ChokerConfig;
import java.time.Duration;

/**
 * Per-torrent limits and policies.
 *
 * @param maxConnections connections per torrent, both directions
 * @param choker upload slots and choking rounds
 */
public record TorrentSettings(int maxConnections, ChokerConfig choker) {
  public static TorrentSettings defaults() {
    return new TorrentSettings(80, new ChokerConfig(8, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)));
  }
}
