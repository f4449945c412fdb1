package io.seedfleet.engine.swarm;

import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.engine.session.Session;
import io.seedfleet.engine.session.SessionConfig;
import io.seedfleet.engine.torrent.Torrent;
import io.seedfleet.engine.torrent.TorrentStatus;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/** One engine session on 127.0.0.1 with an ephemeral port, for swarm tests in one JVM. */
public final class Node implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final ActorSystem<Session.Command> system;
  private final int port;

  public Node(String name) {
    this(name, UnaryOperator.identity());
  }

  /** A node whose default configuration {@code configure} adjusts (for example to switch LSD on). */
  public Node(String name, UnaryOperator<SessionConfig> configure) {
    system = ActorSystem.create(
        Session.create(configure.apply(SessionConfig.defaults(new InetSocketAddress("127.0.0.1", 0)))), name);
    port = AskPattern.<Session.Command, Session.SessionInfo>ask(system, Session.GetInfo::new, TIMEOUT, system.scheduler())
        .toCompletableFuture().join().listenPort();
  }

  public InetSocketAddress address() {
    return new InetSocketAddress("127.0.0.1", port);
  }

  public ActorRef<Torrent.Command> add(Metainfo metainfo, Path dir, List<InetSocketAddress> peers) {
    Session.AddResult result = AskPattern.<Session.Command, Session.AddResult>ask(
            system, r -> new Session.AddTorrent(metainfo, dir, peers, r), TIMEOUT, system.scheduler())
        .toCompletableFuture().join();
    if (result.torrent() == null) {
      throw new IllegalStateException(result.error());
    }
    return result.torrent();
  }

  public TorrentStatus status(ActorRef<Torrent.Command> torrent) {
    return AskPattern.<Torrent.Command, TorrentStatus>ask(torrent, Torrent.GetStatus::new, TIMEOUT, system.scheduler())
        .toCompletableFuture().join();
  }

  public ActorSystem<Session.Command> system() {
    return system;
  }

  @Override
  public void close() {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().join();
  }
}
