package io.seedfleet.engine.session;

import io.seedfleet.engine.torrent.TorrentSettings;
import java.net.InetSocketAddress;

/**
 * How a session runs.
 *
 * @param listen where to accept BitTorrent connections; port 0 picks a free one
 * @param maxConnections the node-wide cap on open peer connections
 */
public record SessionConfig(InetSocketAddress listen, int maxConnections, TorrentSettings torrent) {
  public static SessionConfig defaults(InetSocketAddress listen) {
    return new SessionConfig(listen, 2000, TorrentSettings.defaults());
  }
}
