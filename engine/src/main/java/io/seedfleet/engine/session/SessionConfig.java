package io.seedfleet.engine.session;

import io.seedfleet.engine.dht.node.DhtConfig;
import io.seedfleet.engine.dormant.DormancyConfig;
import io.seedfleet.engine.discovery.LsdConfig;
import io.seedfleet.engine.limit.Limits;
import io.seedfleet.engine.queue.QueueSettings;
import io.seedfleet.engine.torrent.TorrentSettings;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/**
 * How a session runs.
 *
 * @param listen where to accept BitTorrent connections; port 0 picks a free one
 * @param maxConnections the node-wide cap on open peer connections
 * @param lsd local service discovery (BEP 14); off by default so that engines sharing a host in
 *     tests only meet the peers they are given
 * @param dht the Mainline DHT (BEP 5), or null for none (the default, for the same reason); its
 *     port 0 means "the same number as the BitTorrent port"
 * @param uploadRateLimit node-wide piece payload bytes per second sent; 0 = unlimited (the default)
 * @param downloadRateLimit node-wide bytes per second read from peers; 0 = unlimited (the default)
 * @param queue how many torrents run at once, and when seeding stops
 * @param resumeDir where torrents keep fast-resume snapshots, or null for none (the default)
 * @param dormancy whether idle torrents sleep as records (needs {@code resumeDir}); off by default
 */
public record SessionConfig(InetSocketAddress listen, int maxConnections, TorrentSettings torrent, LsdConfig lsd,
    DhtConfig dht, long uploadRateLimit, long downloadRateLimit, QueueSettings queue, Path resumeDir,
    DormancyConfig dormancy) {
  public SessionConfig {
    new Limits(uploadRateLimit, downloadRateLimit, maxConnections); // validates
    java.util.Objects.requireNonNull(queue, "queue");
    java.util.Objects.requireNonNull(dormancy, "dormancy");
    if (dormancy.enabled() && resumeDir == null) {
      throw new IllegalArgumentException("dormant torrents need a resume directory");
    }
  }

  /** A configuration without rate limits, queueing or fast resume. */
  public SessionConfig(InetSocketAddress listen, int maxConnections, TorrentSettings torrent, LsdConfig lsd,
      DhtConfig dht) {
    this(listen, maxConnections, torrent, lsd, dht, 0, 0, QueueSettings.NONE, null, DormancyConfig.OFF);
  }

  public static SessionConfig defaults(InetSocketAddress listen) {
    return new SessionConfig(listen, 2000, TorrentSettings.defaults(), LsdConfig.off(), null);
  }

  public SessionConfig withLsd(LsdConfig lsd) {
    return new SessionConfig(listen, maxConnections, torrent, lsd, dht, uploadRateLimit, downloadRateLimit,
        queue, resumeDir, dormancy);
  }

  public SessionConfig withDht(DhtConfig dht) {
    return new SessionConfig(listen, maxConnections, torrent, lsd, dht, uploadRateLimit, downloadRateLimit,
        queue, resumeDir, dormancy);
  }

  /** Node-wide rate limits in bytes per second; 0 = unlimited. */
  public SessionConfig withRateLimits(long uploadRate, long downloadRate) {
    return new SessionConfig(listen, maxConnections, torrent, lsd, dht, uploadRate, downloadRate,
        queue, resumeDir, dormancy);
  }

  public SessionConfig withMaxConnections(int max) {
    return new SessionConfig(listen, max, torrent, lsd, dht, uploadRateLimit, downloadRateLimit,
        queue, resumeDir, dormancy);
  }

  public SessionConfig withTorrentSettings(TorrentSettings settings) {
    return new SessionConfig(listen, maxConnections, settings, lsd, dht, uploadRateLimit, downloadRateLimit,
        queue, resumeDir, dormancy);
  }

  public SessionConfig withQueue(QueueSettings queue) {
    return new SessionConfig(listen, maxConnections, torrent, lsd, dht, uploadRateLimit, downloadRateLimit,
        queue, resumeDir, dormancy);
  }

  public SessionConfig withResumeDir(Path resumeDir) {
    return new SessionConfig(listen, maxConnections, torrent, lsd, dht, uploadRateLimit, downloadRateLimit,
        queue, resumeDir, dormancy);
  }

  /** Torrents sleep as records while idle; needs a resume directory set first. */
  public SessionConfig withDormancy(DormancyConfig dormancy) {
    return new SessionConfig(listen, maxConnections, torrent, lsd, dht, uploadRateLimit, downloadRateLimit, queue, resumeDir,
        dormancy);
  }

  /** The node-wide limits this configuration starts with. */
  public Limits limits() {
    return new Limits(uploadRateLimit, downloadRateLimit, maxConnections);
  }
}
