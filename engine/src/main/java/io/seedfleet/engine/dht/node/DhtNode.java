package io.seedfleet.engine.dht.node;

import io.seedfleet.engine.dht.Contact;
import io.seedfleet.engine.dht.KrpcMessage;
import io.seedfleet.engine.dht.KrpcMessage.Query;
import io.seedfleet.engine.dht.KrpcMessage.Response;
import io.seedfleet.engine.dht.NodeId;
import io.seedfleet.engine.dht.NodeIdIp;
import io.seedfleet.engine.dht.PeerStore;
import io.seedfleet.engine.dht.QueryResponder;
import io.seedfleet.engine.dht.RoutingTable;
import io.seedfleet.engine.dht.RoutingTableSnapshot;
import io.seedfleet.engine.dht.TokenManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * A Mainline DHT node (BEP 5) on one UDP socket. It answers queries, joins through the bootstrap
 * nodes, keeps its routing table fresh and saved, and runs lookups for callers: {@link GetPeers}
 * streams peers as they are found, {@link Announce} also announces our port to the closest nodes
 * that gave a token. Protocol logic lives in {@code io.seedfleet.engine.dht}; this actor owns the
 * socket and the clock; {@link QueryClient} its transactions and lookups. Datagrams are read by a {@link UdpReceiver} thread.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0005.html">BEP 5</a>
 */
public final class DhtNode extends AbstractBehavior<DhtNode.Command> {

  public sealed interface Command {}

  /**
   * Looks up peers for a 20-byte info-hash; {@link PeersFound} messages stream to {@code replyTo},
   * the last with {@code done} true.
   */
  public record GetPeers(byte[] infoHash, ActorRef<PeersFound> replyTo) implements Command {}

  /**
   * Looks up the info-hash, then announces {@code port} (0: the DHT socket's source port, BEP 5
   * {@code implied_port}) to the closest nodes. Peers found on the way go to {@code replyTo} when
   * it is not null.
   */
  public record Announce(byte[] infoHash, int port, ActorRef<PeersFound> replyTo) implements Command {
    public Announce(byte[] infoHash, int port) {
      this(infoHash, port, null);
    }
  }

  /** Pings an address; if it answers it joins the routing table (like libtorrent's add_dht_node). */
  public record AddNode(InetSocketAddress address) implements Command {}

  public record GetStats(ActorRef<Stats> replyTo) implements Command {}

  /** Saves the routing table and stops. */
  public enum Stop implements Command { INSTANCE }

  /** Peers for {@code infoHash} (a copy; at most {@link #MAX_PEERS_PER_REPLY}); {@code done} ends the lookup. */
  public record PeersFound(byte[] infoHash, List<InetSocketAddress> peers, boolean done) {}

  public record Stats(String nodeId, InetSocketAddress localAddress, int tableSize, int goodNodes, int buckets,
      long queriesIn, long queriesOut, long responsesIn, long timeouts, long droppedPackets, int activeLookups,
      int storedTorrents) {}

  record Received(KrpcMessage message, InetSocketAddress from) implements Command {}

  private enum Tick implements Command { INSTANCE }

  public static final int MAX_PEERS_PER_REPLY = 100;
  public static final int MAX_PEERS_PER_LOOKUP = 1000;
  private static final Duration TICK = Duration.ofMillis(200);
  private static final long MAINTENANCE_MILLIS = 5_000;
  private static final long REBOOTSTRAP_MILLIS = 30_000;
  private static final int MAX_REFRESH_LOOKUPS = 4;

  private final DhtConfig config;
  private final DatagramChannel channel;
  private final UdpReceiver receiver;
  private final RandomGenerator random = new SecureRandom();
  private final RoutingTable table;
  private final TokenManager tokens;
  private final PeerStore peerStore = new PeerStore(2000, 200);
  private final QueryResponder responder;
  private final QueryClient client;
  private long queriesIn;
  private long lastMaintenance;
  private long lastSave;
  private long lastBootstrap = Long.MIN_VALUE / 2;

  private DhtNode(ActorContext<Command> context, DhtConfig config, DatagramChannel channel) {
    super(context);
    this.config = config;
    this.channel = channel;
    long now = now();
    Optional<RoutingTableSnapshot> saved = StateFile.load(config.stateFile());
    NodeId id = saved.map(RoutingTableSnapshot::id).orElseGet(() -> NodeId.random(random));
    this.table = new RoutingTable(id, now);
    saved.ifPresent(s -> s.nodes().forEach(c -> table.heardFrom(c, false, now)));
    this.tokens = new TokenManager(random, now);
    this.responder = new QueryResponder(table, tokens, peerStore, random);
    this.client = new QueryClient(channel, table, config, context.getLog(), (c, t) -> admit(c, true, t), random, now);
    this.lastSave = now;
    ActorRef<Command> self = context.getSelf();
    this.receiver = new UdpReceiver(channel, config.maxIncomingPerSecond(), (m, from) -> self.tell(new Received(m, from)));
    Thread.ofPlatform().daemon().name("dht-udp-" + localAddress().getPort()).start(receiver);
    context.getLog().info("DHT node {} on {}, {} saved nodes", id, localAddress(), table.size());
  }

  /** Binds the socket at once: a taken port fails the actor's start with the bind error. */
  public static Behavior<Command> create(DhtConfig config) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      DatagramChannel channel = DatagramChannel.open();
      try {
        channel.bind(config.bind());
      } catch (IOException e) {
        channel.close();
        throw e;
      }
      timers.startTimerWithFixedDelay(Tick.INSTANCE, TICK);
      DhtNode node = new DhtNode(ctx, config, channel);
      node.bootstrap(System.currentTimeMillis());
      return node;
    }));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Received.class, this::onReceived)
        .onMessage(GetPeers.class, this::onGetPeers)
        .onMessage(Announce.class, this::onAnnounce)
        .onMessage(AddNode.class, this::onAddNode)
        .onMessage(GetStats.class, this::onGetStats)
        .onMessageEquals(Tick.INSTANCE, this::onTick)
        .onMessageEquals(Stop.INSTANCE, this::onStop)
        .onSignal(PostStop.class, signal -> onPostStop())
        .build();
  }

  private Behavior<Command> onReceived(Received r) {
    long now = now();
    switch (r.message()) {
      case Query q -> {
        queriesIn++;
        client.send(responder.answer(q, r.from(), now), r.from(), now);
        if (!q.readOnly()) {
          admit(new Contact(q.sender(), r.from()), false, now);
        }
      }
      case Response response -> client.onResponse(response, r.from(), now);
      case KrpcMessage.Error error -> client.onError(error, r.from(), now);
    }
    return this;
  }

  /** Lets a node into the routing table unless BEP 42 is enforced and its id does not fit its IP. */
  private void admit(Contact contact, boolean responded, long now) {
    if (config.enforceNodeIdIp() && !NodeIdIp.isValid(contact.id(), contact.address().getAddress())) {
      return;
    }
    table.heardFrom(contact, responded, now);
  }

  private Behavior<Command> onGetPeers(GetPeers m) {
    if (m.infoHash().length != NodeId.LENGTH) {
      getContext().getLog().warn("DHT get_peers for a {}-byte info-hash ignored", m.infoHash().length);
      m.replyTo().tell(new PeersFound(m.infoHash().clone(), List.of(), true));
      return this;
    }
    NodeId infoHash = NodeId.of(m.infoHash());
    List<InetSocketAddress> stored = peerStore.peers(infoHash, MAX_PEERS_PER_REPLY, now(), random);
    if (!stored.isEmpty()) {
      m.replyTo().tell(new PeersFound(infoHash.bytes(), stored, false)); // announced to us directly
    }
    client.startLookup(ActiveLookup.Purpose.GET_PEERS, infoHash, 0, m.replyTo(), now());
    return this;
  }

  private Behavior<Command> onAnnounce(Announce m) {
    if (m.infoHash().length != NodeId.LENGTH || m.port() < 0 || m.port() > 65535) {
      getContext().getLog().warn("DHT announce of a {}-byte info-hash, port {} ignored", m.infoHash().length, m.port());
      if (m.replyTo() != null) {
        m.replyTo().tell(new PeersFound(m.infoHash().clone(), List.of(), true));
      }
      return this;
    }
    client.startLookup(ActiveLookup.Purpose.ANNOUNCE, NodeId.of(m.infoHash()), m.port(), m.replyTo(), now());
    return this;
  }

  private Behavior<Command> onAddNode(AddNode m) {
    client.ping(m.address(), null, now());
    return this;
  }

  private Behavior<Command> onGetStats(GetStats m) {
    long now = now();
    m.replyTo().tell(new Stats(table.ownId().toString(), localAddress(), table.size(), table.goodNodes(now).size(),
        table.bucketCount(), queriesIn, client.queriesOut, client.responsesIn, client.timeouts,
        client.dropped + receiver.dropped.get(), client.activeLookups(), peerStore.torrentCount()));
    return this;
  }

  private void bootstrap(long now) {
    lastBootstrap = now;
    client.startLookup(ActiveLookup.Purpose.REFRESH, table.ownId(), 0, null, now);
  }

  private Behavior<Command> onTick() {
    long now = now();
    client.tick(now);
    tokens.tick(now);
    if (now - lastMaintenance >= MAINTENANCE_MILLIS) {
      lastMaintenance = now;
      maintain(now);
    }
    return this;
  }

  private void maintain(long now) {
    peerStore.expire(now);
    if (table.size() == 0 && now - lastBootstrap >= REBOOTSTRAP_MILLIS) {
      bootstrap(now);
    }
    long refreshing = client.lookups(ActiveLookup.Purpose.REFRESH);
    for (NodeId target : table.refreshTargets(now, random)) {
      if (refreshing++ < MAX_REFRESH_LOOKUPS) {
        client.startLookup(ActiveLookup.Purpose.REFRESH, target, 0, null, now);
      }
    }
    table.questionable(now).stream().limit(RoutingTable.K).forEach(c -> client.ping(c.address(), c.id(), now));
    if (now - lastSave >= config.saveInterval().toMillis()) {
      save(now);
    }
  }

  private void save(long now) {
    lastSave = now;
    if (config.stateFile() == null) {
      return;
    }
    try {
      StateFile.save(config.stateFile(), new RoutingTableSnapshot(table.ownId(), table.goodNodes(now)));
    } catch (IOException e) {
      getContext().getLog().warn("DHT state not saved to {}: {}", config.stateFile(), e.toString());
    }
  }

  private Behavior<Command> onStop() {
    return Behaviors.stopped();
  }

  private Behavior<Command> onPostStop() {
    save(now());
    try {
      channel.close();
    } catch (IOException e) {
      getContext().getLog().debug("DHT socket close: {}", e.toString());
    }
    return this;
  }

  private InetSocketAddress localAddress() {
    try {
      return (InetSocketAddress) channel.getLocalAddress();
    } catch (IOException e) {
      return config.bind();
    }
  }

  private static long now() {
    return System.currentTimeMillis();
  }
}
