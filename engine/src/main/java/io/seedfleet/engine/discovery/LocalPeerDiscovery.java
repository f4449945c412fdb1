package io.seedfleet.engine.discovery;

import io.seedfleet.engine.lsd.LsdFormatException;
import io.seedfleet.engine.lsd.LsdMessage;
import io.seedfleet.engine.metainfo.InfoHash;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Local Service Discovery (BEP 14) for one node: announces the torrents it is told to track on
 * the LAN multicast group, at a capped rate, and reports peers that other clients announce for
 * those torrents. Where multicast is unavailable it logs one warning and does nothing.
 */
public final class LocalPeerDiscovery extends AbstractBehavior<LocalPeerDiscovery.Command> {

  public sealed interface Command {}

  /** Announce this torrent and report local peers for it. Never sent for private torrents. */
  public record Track(InfoHash infoHash) implements Command {}

  public record Untrack(InfoHash infoHash) implements Command {}

  /** A peer on the LAN announced {@code infoHash} at {@code peer}. */
  public record PeerFound(InfoHash infoHash, InetSocketAddress peer) {}

  private record Received(byte[] packet, InetSocketAddress source) implements Command {}

  private enum SendTick implements Command { INSTANCE }

  private enum ReannounceTick implements Command { INSTANCE }

  private enum ForgetSenders implements Command { INSTANCE }

  /** Datagrams accepted from one address per {@link #SENDER_WINDOW}; the rest are dropped. */
  private static final int PACKETS_PER_SENDER = 50;
  private static final Duration SENDER_WINDOW = Duration.ofSeconds(10);
  private static final int MAX_SENDERS = 1024;

  private final LsdConfig config;
  private final int listenPort;
  private final ActorRef<PeerFound> target;
  private final LsdSocket socket;
  private final String cookie = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
  private final Set<InfoHash> tracked = new HashSet<>();
  private final Set<InfoHash> queued = new HashSet<>();
  private final ArrayDeque<InfoHash> due = new ArrayDeque<>();
  private final Map<InetAddress, Integer> packetsBySender = new HashMap<>();
  private long malformed;

  private LocalPeerDiscovery(ActorContext<Command> context, TimerScheduler<Command> timers, LsdConfig config,
      int listenPort, ActorRef<PeerFound> target, LsdSocket socket) {
    super(context);
    this.config = config;
    this.listenPort = listenPort;
    this.target = target;
    this.socket = socket;
    timers.startTimerWithFixedDelay(SendTick.INSTANCE, Duration.ofSeconds(1));
    timers.startTimerWithFixedDelay(ReannounceTick.INSTANCE, config.reannounceEvery());
    timers.startTimerWithFixedDelay(ForgetSenders.INSTANCE, SENDER_WINDOW);
  }

  public static Behavior<Command> create(LsdConfig config, int listenPort, ActorRef<PeerFound> target) {
    if (!config.enabled()) {
      return Behaviors.ignore();
    }
    return Behaviors.setup(ctx -> {
      ActorRef<Command> self = ctx.getSelf();
      LsdSocket socket;
      try {
        socket = LsdSocket.open(config.group(), config.interfaces(), (packet, source) -> self.tell(new Received(packet, source)));
      } catch (Exception e) {
        ctx.getLog().warn("local service discovery (LSD) is unavailable, carrying on without it: {}", e.getMessage());
        return Behaviors.ignore();
      }
      ctx.getLog().info("local service discovery on {} via {}", config.group(), socket.interfaceNames());
      return Behaviors.withTimers(timers -> new LocalPeerDiscovery(ctx, timers, config, listenPort, target, socket));
    });
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Track.class, this::onTrack)
        .onMessage(Untrack.class, this::onUntrack)
        .onMessage(Received.class, this::onReceived)
        .onMessageEquals(SendTick.INSTANCE, this::onSendTick)
        .onMessageEquals(ReannounceTick.INSTANCE, this::onReannounce)
        .onMessageEquals(ForgetSenders.INSTANCE, this::onForgetSenders)
        .onSignal(PostStop.class, s -> {
          socket.close();
          return this;
        })
        .build();
  }

  private Behavior<Command> onTrack(Track track) {
    if (tracked.add(track.infoHash()) && queued.add(track.infoHash())) {
      due.addFirst(track.infoHash());
    }
    return this;
  }

  private Behavior<Command> onUntrack(Untrack untrack) {
    tracked.remove(untrack.infoHash());
    return this;
  }

  private Behavior<Command> onSendTick() {
    int sent = 0;
    while (sent < config.announcesPerSecond() && !due.isEmpty()) {
      InfoHash next = due.pollFirst();
      queued.remove(next);
      if (tracked.contains(next)) {
        LsdMessage message = new LsdMessage(listenPort, List.of(next), Optional.of(cookie));
        socket.send(message.encode(config.group().getHostString(), config.group().getPort()));
        sent++;
      }
    }
    return this;
  }

  private Behavior<Command> onReannounce() {
    for (InfoHash infoHash : tracked) {
      if (queued.add(infoHash)) {
        due.addLast(infoHash);
      }
    }
    return this;
  }

  private Behavior<Command> onReceived(Received received) {
    InetAddress sender = received.source().getAddress();
    if (!admit(sender)) {
      return this;
    }
    LsdMessage message;
    try {
      message = LsdMessage.parse(received.packet(), received.packet().length);
    } catch (LsdFormatException e) {
      malformed++;
      getContext().getLog().debug("ignoring LSD datagram from {}: {} ({} so far)", received.source(), e.getMessage(), malformed);
      return this;
    }
    if (message.cookie().filter(cookie::equals).isPresent()) {
      return this;
    }
    for (InfoHash infoHash : message.infoHashes()) {
      if (tracked.contains(infoHash)) {
        target.tell(new PeerFound(infoHash, new InetSocketAddress(sender, message.port())));
      }
    }
    return this;
  }

  private boolean admit(InetAddress sender) {
    Integer count = packetsBySender.get(sender);
    if (count == null && packetsBySender.size() >= MAX_SENDERS) {
      return false;
    }
    int next = count == null ? 1 : count + 1;
    packetsBySender.put(sender, next);
    return next <= PACKETS_PER_SENDER;
  }

  private Behavior<Command> onForgetSenders() {
    packetsBySender.clear();
    return this;
  }
}
