package io.seedfleet.engine.session;

import io.seedfleet.engine.dht.node.DhtConfig;
import io.seedfleet.engine.discovery.LsdConfig;
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
 * @param resumeDir where torrents keep fast-resume snapshots, or null for none (the default)
 */
public record SessionConfig(InetSocketAddress listen, int maxConnections, TorrentSettings torrent, LsdConfig lsd,
    DhtConfig dht, Path resumeDir) {

  public SessionConfig(InetSocketAddress listen, int maxConnections, TorrentSettings torrent, LsdConfig lsd,
      DhtConfig dht) {
    this(listen, maxConnections, torrent, lsd, dht, null);
  }

  public static SessionConfig defaults(InetSocketAddress listen) {
    return new SessionConfig(listen, 2000, TorrentSettings.defaults(), LsdConfig.off(), null);
  }

  public SessionConfig withLsd(LsdConfig lsd) {
    return new SessionConfig(listen, maxConnections, torrent, lsd, dht, resumeDir);
  }

  public SessionConfig withDht(DhtConfig dht) {
    return new SessionConfig(listen, maxConnections, torrent, lsd, dht, resumeDir);
  }

  public SessionConfig withResumeDir(Path resumeDir) {
    return new SessionConfig(listen, maxConnections, torrent, lsd, dht, resumeDir);
  }
}
