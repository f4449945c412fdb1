package io.seedfleet.ops.cli;

import com.typesafe.config.Config;
import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.trackerd.AllowedInfoHashes;
import io.seedfleet.engine.trackerd.TrackerPolicy;
import io.seedfleet.ops.trackerd.BuiltInTracker;
import java.io.IOException;
import org.apache.pekko.actor.ClassicActorSystemProvider;

/**
 * The node's built-in tracker, or nothing when it is off. The port comes from {@code
 * --tracker-port}, else from {@code seedfleet.tracker.port}; unless open, it answers only the
 * torrents the node has loaded, which {@link #allow} adds as they start.
 */
final class NodeTracker implements AutoCloseable {
  private final AllowedInfoHashes allowed = new AllowedInfoHashes();
  private final BuiltInTracker tracker;

  private NodeTracker(ClassicActorSystemProvider system, String host, int port, boolean open) throws CliException {
    if (port < 0) {
      this.tracker = null;
      return;
    }
    try {
      this.tracker = BuiltInTracker.start(system, host, port, open ? TrackerPolicy.open() : TrackerPolicy.only(allowed));
    } catch (IOException e) {
      throw new CliException(e.getMessage() + " (choose another port with --tracker-port)");
    }
  }

  static NodeTracker start(ClassicActorSystemProvider system, String host, Integer portOption, boolean openOption)
      throws CliException {
    Config config = system.classicSystem().settings().config();
    int port = portOption != null ? portOption : config.getInt("seedfleet.tracker.port");
    if (port > 0xFFFF || port < -1) {
      throw new CliException("--tracker-port must be 0..65535, or -1 for off");
    }
    return new NodeTracker(system, host, port, openOption || config.getBoolean("seedfleet.tracker.open"));
  }

  void allow(InfoHash infoHash) {
    allowed.add(infoHash);
  }

  /**
   * Lists the fleet's holders of {@code infoHash} as peers of its swarm, so that an outside client
   * announcing here learns every node that holds the torrent. Refreshed well within the tracker's
   * peer expiry; a holder that left drops out when its entry expires.
   */
  void announceHolders(InfoHash infoHash, java.util.List<java.net.InetSocketAddress> holders) {
    if (tracker == null) {
      return;
    }
    for (java.net.InetSocketAddress holder : holders) {
      if (holder.getAddress() == null) {
        continue;
      }
      try {
        tracker.registry().announce(new io.seedfleet.engine.trackerd.AnnounceRequest(infoHash, holderPeerId(holder), holder,
            0, 0, 0, io.seedfleet.engine.trackerd.AnnounceEvent.NONE, 0));
      } catch (io.seedfleet.engine.trackerd.TrackerRequestException e) {
        return; // the tracker is full; real announces still work
      }
    }
  }

  /** A stable peer id per holder address, in our client's id style. */
  private static io.seedfleet.engine.wire.PeerId holderPeerId(java.net.InetSocketAddress holder) {
    byte[] id = new byte[20];
    byte[] prefix = "-SF0100-".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    System.arraycopy(prefix, 0, id, 0, prefix.length);
    byte[] digest;
    try {
      digest = java.security.MessageDigest.getInstance("SHA-1")
          .digest((holder.getAddress().getHostAddress() + ":" + holder.getPort()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required of every JDK", e);
    }
    System.arraycopy(digest, 0, id, prefix.length, id.length - prefix.length);
    return io.seedfleet.engine.wire.PeerId.of(id);
  }

  boolean enabled() {
    return tracker != null;
  }

  /** The line to print at start-up, or null when the tracker is off. */
  String describe() {
    return tracker == null ? null : "seedfleet: tracker on " + tracker.httpAnnounceUrl() + " and " + tracker.udpAnnounceUrl();
  }

  @Override
  public void close() {
    if (tracker != null) {
      tracker.close();
    }
  }
}
