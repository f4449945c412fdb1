package io.seedfleet.cluster.sharding;

import io.seedfleet.cluster.catalogue.Holder;
import io.seedfleet.cluster.catalogue.MetainfoService;
import io.seedfleet.engine.session.Session;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What every replica entity on one node shares: the node's engine session and identity.
 *
 * @param self this node as a holder (cluster address and BitTorrent address)
 * @param dataDir the node's data directory; torrents save under {@code torrents/<infohash-hex>/}
 * @param published info-hashes (hex) this node publishes from local content: a replica placed here
 *     adopts the publisher's running torrent instead of downloading a second copy
 * @param metainfo finds the .torrent of a catalogue entry, here or on another node
 * @param defaultTorrentConnections the engine's per-torrent connection cap, for specs that set none
 * @param downloadRoots where this node lets a spec's custom download directory lie
 */
public record ReplicaContext(ActorRef<Session.Command> session, Holder self, Path dataDir,
    Duration peerRefreshInterval, Duration unknownGiveUp, java.util.Set<String> published,
    ActorRef<MetainfoService.Command> metainfo, int defaultTorrentConnections,
    io.seedfleet.cluster.DownloadRoots downloadRoots) {

  public Path downloadDir(String infoHashHex) {
    return dataDir.resolve("torrents").resolve(infoHashHex);
  }
}
