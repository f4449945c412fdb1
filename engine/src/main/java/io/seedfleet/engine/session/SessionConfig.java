package io.seedfleet.engine.session;

import io.seedfleet.engine.dht.node.DhtConfig;
import io.seedfleet.engine.discovery.LsdConfig;
import io.seedfleet.engine.queue.QueueSettings;
import io.seedfleet.engine.torrent.TorrentSettings;
import java.net.InetSocketAddress;

/**
 * How a session runs.
 *
 * @param listen where to accept BitTorrent connections; port 0 picks a free one
 * @param maxConnections the node-wide cap on open peer connections
 * @param lsd local service discovery (BEP 14); off by default so that engines sharing a host in
 *     tests only meet the peers they are given
 * @param dht the Mainline DHT (BEP 5), or null for none (the default, for the same reason); its
 *     port 0 means "the same number as the BitTorrent port"
 * @param queue how many torrents run at once, and when seeding stops
 */
public record SessionConfig(InetSocketAddress listen, int maxConnections, TorrentSettings torrent, LsdConfig lsd,
    DhtConfig dht, QueueSettings queue) {
  public static SessionConfig defaults(InetSocketAddress listen) {
    return new SessionConfig(listen, 2000, TorrentSettings.defaults(), LsdConfig.off(), null, QueueSettings.NONE);
  }

  public SessionConfig withLsd(LsdConfig lsd) {
    return new SessionConfig(listen, maxConnections, torrent, lsd, dht, queue);
  }

  public SessionConfig withDht(DhtConfig dht) {
    return new SessionConfig(listen, maxConnections, torrent, lsd, dht, queue);
  }

  public SessionConfig withQueue(QueueSettings queue) {
    return new SessionConfig(listen, maxConnections, torrent, lsd, dht, queue);
  }
}
