package io.seedfleet.engine.discovery;

import io.seedfleet.engine.dht.node.DhtConfig;
import io.seedfleet.engine.dht.node.DhtNode;
import io.seedfleet.engine.metainfo.InfoHash;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Finds peers for the node's torrents in the Mainline DHT: owns the {@link DhtNode}, announces
 * every tracked torrent when it is added and again every {@code interval}, and reports the peers
 * each lookup finds. Only a few lookups run at once, so thousands of torrents queue up instead of
 * flooding the DHT.
 */
public final class DhtDiscovery extends AbstractBehavior<DhtDiscovery.Command> {

  public sealed interface Command {}

  /** Announce this torrent and look for its peers, now and every {@code interval}. Never for private torrents. */
  public record Track(InfoHash infoHash, Duration interval) implements Command {}

  public record Untrack(InfoHash infoHash) implements Command {}

  /** A node to ask, learned from a peer's PORT message or given by the user. */
  public record AddNode(InetSocketAddress address) implements Command {}

  public record GetStats(ActorRef<DhtNode.Stats> replyTo) implements Command {}

  /** Peers the DHT knows for {@code infoHash}. */
  public record PeersFound(InfoHash infoHash, List<InetSocketAddress> peers) {}

  private record Found(DhtNode.PeersFound found) implements Command {}

  private enum Tick implements Command { INSTANCE }

  public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(15);
  private static final int MAX_ACTIVE_LOOKUPS = 4;

  private final ActorRef<DhtNode.Command> node;
  private final int announcePort;
  private final ActorRef<PeersFound> target;
  private final ActorRef<DhtNode.PeersFound> foundAdapter;
  private final Map<InfoHash, Long> nextDueNanos = new HashMap<>();
  private final Map<InfoHash, Duration> intervals = new HashMap<>();
  private final ArrayDeque<InfoHash> queue = new ArrayDeque<>();
  private final Set<InfoHash> queued = new HashSet<>();
  private final Set<InfoHash> active = new HashSet<>();

  private DhtDiscovery(ActorContext<Command> context, TimerScheduler<Command> timers, ActorRef<DhtNode.Command> node,
      int announcePort, ActorRef<PeersFound> target) {
    super(context);
    this.node = node;
    this.announcePort = announcePort;
    this.target = target;
    this.foundAdapter = context.messageAdapter(DhtNode.PeersFound.class, Found::new);
    context.watch(node);
    timers.startTimerWithFixedDelay(Tick.INSTANCE, Duration.ofSeconds(1));
  }

  /**
   * {@code config} null switches the DHT off (every command is then ignored). The DHT's UDP port
   * is {@code config.bind()}'s when free, else any free port: a taken port must not cost the node
   * its DHT.
   */
  public static Behavior<Command> create(DhtConfig config, int announcePort, ActorRef<PeersFound> target) {
    if (config == null) {
      return Behaviors.ignore();
    }
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      DhtConfig usable = portIsFree(config.bind()) ? config : config.withBind(new InetSocketAddress(config.bind().getAddress(), 0));
      if (usable != config) {
        ctx.getLog().warn("DHT: UDP port {} is taken; using a free port instead", config.bind().getPort());
      }
      ActorRef<DhtNode.Command> node = ctx.spawn(DhtNode.create(usable), "dht-node");
      return new DhtDiscovery(ctx, timers, node, announcePort, target);
    }));
  }

  private static boolean portIsFree(InetSocketAddress bind) {
    if (bind.getPort() == 0) {
      return true;
    }
    try (DatagramChannel probe = DatagramChannel.open()) {
      probe.bind(bind);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Track.class, this::onTrack)
        .onMessage(Untrack.class, this::onUntrack)
        .onMessage(AddNode.class, add -> {
          node.tell(new DhtNode.AddNode(add.address()));
          return this;
        })
        .onMessage(GetStats.class, get -> {
          node.tell(new DhtNode.GetStats(get.replyTo()));
          return this;
        })
        .onMessage(Found.class, this::onFound)
        .onMessageEquals(Tick.INSTANCE, this::onTick)
        .onSignal(Terminated.class, t -> {
          getContext().getLog().warn("DHT: the DHT node stopped (its UDP socket could not be opened?); carrying on without it");
          return Behaviors.ignore();
        })
        .build();
  }

  private Behavior<Command> onTrack(Track track) {
    InfoHash infoHash = track.infoHash();
    intervals.put(infoHash, track.interval());
    nextDueNanos.put(infoHash, System.nanoTime());
    enqueue(infoHash, true);
    startLookups();
    return this;
  }

  private Behavior<Command> onUntrack(Untrack untrack) {
    intervals.remove(untrack.infoHash());
    nextDueNanos.remove(untrack.infoHash());
    return this;
  }

  private Behavior<Command> onTick() {
    long now = System.nanoTime();
    for (Map.Entry<InfoHash, Long> due : nextDueNanos.entrySet()) {
      if (now - due.getValue() >= 0) {
        enqueue(due.getKey(), false);
      }
    }
    startLookups();
    return this;
  }

  private void enqueue(InfoHash infoHash, boolean first) {
    if (active.contains(infoHash) || !queued.add(infoHash)) {
      return;
    }
    if (first) {
      queue.addFirst(infoHash);
    } else {
      queue.addLast(infoHash);
    }
  }

  private void startLookups() {
    while (active.size() < MAX_ACTIVE_LOOKUPS && !queue.isEmpty()) {
      InfoHash next = queue.pollFirst();
      queued.remove(next);
      Duration interval = intervals.get(next);
      if (interval == null) {
        continue; // untracked while queued
      }
      nextDueNanos.put(next, System.nanoTime() + interval.toNanos());
      active.add(next);
      node.tell(new DhtNode.Announce(next.bytes(), announcePort, foundAdapter));
    }
  }

  private Behavior<Command> onFound(Found found) {
    InfoHash infoHash = InfoHash.of(found.found().infoHash());
    if (!found.found().peers().isEmpty() && intervals.containsKey(infoHash)) {
      target.tell(new PeersFound(infoHash, found.found().peers()));
    }
    if (found.found().done()) {
      active.remove(infoHash);
      startLookups();
    }
    return this;
  }
}
