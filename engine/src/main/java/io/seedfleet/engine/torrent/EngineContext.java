package io.seedfleet.engine.torrent;

import io.seedfleet.engine.limit.LimitScope;
import io.seedfleet.engine.limit.Limits;
import io.seedfleet.engine.net.NetLoop;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

/**
 * Node-wide resources a torrent borrows from its session.
 *
 * @param disk blocking storage I/O (a dedicated Pekko dispatcher)
 * @param hashPool parallel piece hashing for rechecks, one thread per core
 * @param listenPort our BitTorrent port, advertised in the extended handshake
 * @param nodeLimits the node-wide rate buckets and connection cap, shared by every torrent
 * @param resumeDir where torrents keep their fast-resume snapshots, or null for none (every start
 *     hashes all data)
 */
public record EngineContext(NetLoop loop, Executor disk, ExecutorService hashPool, byte[] peerId, int listenPort,
    TorrentSettings settings, LimitScope nodeLimits, Path resumeDir) {

  /** A context without node-wide rate limits or connection cap, and without fast resume. */
  public EngineContext(NetLoop loop, Executor disk, ExecutorService hashPool, byte[] peerId, int listenPort,
      TorrentSettings settings) {
    this(loop, disk, hashPool, peerId, listenPort, settings,
        new LimitScope(Limits.unlimitedRates(Integer.MAX_VALUE), System.nanoTime()), null);
  }

  public EngineContext(NetLoop loop, Executor disk, ExecutorService hashPool, byte[] peerId, int listenPort,
      TorrentSettings settings, LimitScope nodeLimits) {
    this(loop, disk, hashPool, peerId, listenPort, settings, nodeLimits, null);
  }

  public EngineContext withResumeDir(Path resumeDir) {
    return new EngineContext(loop, disk, hashPool, peerId, listenPort, settings, nodeLimits, resumeDir);
  }
}
