package io.seedfleet.ops.cli;

import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.engine.session.Session;
import io.seedfleet.engine.session.SessionConfig;
import io.seedfleet.engine.torrent.Torrent;
import io.seedfleet.engine.torrent.TorrentStatus;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/** An engine session in this process, for the CLI verbs that transfer data themselves. */
final class LocalEngine implements AutoCloseable {
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);

  private final ActorSystem<Session.Command> system;

  LocalEngine(InetSocketAddress listen) throws CliException {
    this(SessionConfig.defaults(listen));
  }

  LocalEngine(SessionConfig config) throws CliException {
    checkBindable(config.listen());
    this.system = ActorSystem.create(Session.create(config), "seedfleet");
  }

  /** Fails with a clear message when the address is taken, before any actor starts. */
  static void checkBindable(InetSocketAddress listen) throws CliException {
    if (listen.getPort() == 0) {
      return;
    }
    try (java.nio.channels.ServerSocketChannel probe = java.nio.channels.ServerSocketChannel.open()) {
      probe.setOption(java.net.StandardSocketOptions.SO_REUSEADDR, true);
      probe.bind(listen);
    } catch (java.io.IOException e) {
      throw new CliException("cannot listen on " + listen.getHostString() + ":" + listen.getPort() + ": "
          + e.getMessage() + " (choose another port with --port / --bt-port)");
    }
  }

  /** The engine's actor system, for services that share it (the built-in tracker). */
  ActorSystem<?> system() {
    return system;
  }

  int listenPort() {
    return AskPattern.<Session.Command, Session.SessionInfo>ask(system, Session.GetInfo::new, ASK_TIMEOUT, system.scheduler())
        .toCompletableFuture().join().listenPort();
  }

  /** Adds a torrent; throws with the session's reason when it cannot. */
  ActorRef<Torrent.Command> add(Metainfo metainfo, Path downloadDir, List<InetSocketAddress> peers) {
    Session.AddResult result = AskPattern.<Session.Command, Session.AddResult>ask(
            system, replyTo -> new Session.AddTorrent(metainfo, downloadDir, peers, replyTo), ASK_TIMEOUT, system.scheduler())
        .toCompletableFuture().join();
    if (result.torrent() == null) {
      throw new IllegalStateException(result.error());
    }
    return result.torrent();
  }

  /** Adds a magnet (waiting at most 200 days: the scheduler's limit); the future completes once its metadata is fetched and the torrent runs, or it failed. */
  java.util.concurrent.CompletableFuture<Session.MagnetAdded> addMagnet(
      io.seedfleet.engine.metainfo.MagnetLink link, Path downloadDir, List<InetSocketAddress> peers) {
    return AskPattern.<Session.Command, Session.MagnetAdded>ask(
            system, replyTo -> new Session.AddMagnet(link, downloadDir, peers, replyTo), Duration.ofDays(200),
            system.scheduler())
        .toCompletableFuture();
  }

  io.seedfleet.engine.torrent.MetadataFetcher.FetchStatus fetchStatus(io.seedfleet.engine.metainfo.InfoHash infoHash) {
    return AskPattern.<Session.Command, io.seedfleet.engine.torrent.MetadataFetcher.FetchStatus>ask(
            system, replyTo -> new Session.GetFetchStatus(infoHash, replyTo), ASK_TIMEOUT, system.scheduler())
        .toCompletableFuture().join();
  }

  TorrentStatus status(ActorRef<Torrent.Command> torrent) {
    return AskPattern.<Torrent.Command, TorrentStatus>ask(torrent, Torrent.GetStatus::new, ASK_TIMEOUT, system.scheduler())
        .toCompletableFuture().join();
  }

  @Override
  public void close() {
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(java.util.concurrent.TimeUnit.SECONDS.toMillis(10),
          java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      // shutting down anyway
    }
  }
}
