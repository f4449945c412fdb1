package io.seedfleet.engine.dht.node;

import io.seedfleet.engine.bencode.BBytes;
import io.seedfleet.engine.dht.Contact;
import io.seedfleet.engine.dht.KrpcCodec;
import io.seedfleet.engine.dht.KrpcMessage;
import io.seedfleet.engine.dht.KrpcMessage.Query;
import io.seedfleet.engine.dht.KrpcMessage.Response;
import io.seedfleet.engine.dht.Lookup;
import io.seedfleet.engine.dht.NodeId;
import io.seedfleet.engine.dht.NodeIdIp;
import io.seedfleet.engine.dht.PeerStore;
import io.seedfleet.engine.dht.QueryResponder;
import io.seedfleet.engine.dht.RoutingTable;
import io.seedfleet.engine.dht.RoutingTableSnapshot;
import io.seedfleet.engine.dht.TokenBucket;
import io.seedfleet.engine.dht.TokenManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * A Mainline DHT node (BEP 5) on one UDP socket. It answers queries, joins through the bootstrap
 * nodes, keeps its routing table fresh and saved, and runs lookups for callers: {@link GetPeers}
 * streams peers as they are found, {@link Announce} also announces our port to the closest nodes
 * that gave a token. Protocol logic lives in {@code io.seedfleet.engine.dht}; this actor owns the
 * socket, the transactions and the clock. Datagrams are read by a {@link UdpReceiver} thread.
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
  private static final long LOOKUP_MAX_MILLIS = 60_000;
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
  private final TokenBucket outgoing;
  private final Transactions transactions;
  private final Map<Integer, ActiveLookup> lookups = new HashMap<>();
  private final Counters counters = new Counters();
  private int nextLookupId;
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
    this.outgoing = new TokenBucket(config.maxOutgoingPerSecond(), config.maxOutgoingPerSecond(), now);
    this.transactions = new Transactions(random);
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
      node.bootstrap();
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
        counters.queriesIn++;
        send(responder.answer(q, r.from(), now), r.from());
        if (!q.readOnly()) {
          addToTable(new Contact(q.sender(), r.from()), false, now);
        }
      }
      case Response response -> onResponse(response, r.from(), now);
      case KrpcMessage.Error error -> {
        Transactions.Pending p = transactions.close(error.transactionId(), r.from());
        if (p != null) {
          failed(p, now);
        }
      }
    }
    return this;
  }

  private void onResponse(Response r, InetSocketAddress from, long now) {
    Transactions.Pending p = transactions.close(r.transactionId(), from);
    if (p == null) {
      counters.dropped++;
      return;
    }
    counters.responsesIn++;
    if (p.expectedId() != null && !p.expectedId().equals(r.sender())) {
      failed(p, now); // a different node answers at that address now
      return;
    }
    Contact contact = new Contact(r.sender(), from);
    addToTable(contact, true, now);
    ActiveLookup active = lookups.get(p.lookupId());
    if (p.kind() != Transactions.Kind.LOOKUP || active == null) {
      return;
    }
    if (p.expectedId() == null) {
      active.lookup.onAddressResponse(contact, r.nodes(), r.token());
    } else {
      active.lookup.onResponse(contact, r.nodes(), r.token());
    }
    if (active.replyTo != null && !r.values().isEmpty()) {
      List<InetSocketAddress> fresh = active.newPeers(r.values());
      if (!fresh.isEmpty()) {
        active.replyTo.tell(new PeersFound(active.infoHash.clone(), fresh, false));
      }
    }
    pump(p.lookupId(), now);
  }

  private void failed(Transactions.Pending p, long now) {
    if (p.expectedId() != null) {
      table.failed(p.expectedId(), now);
    }
    ActiveLookup active = lookups.get(p.lookupId());
    if (p.kind() == Transactions.Kind.LOOKUP && active != null) {
      if (p.expectedId() == null) {
        active.lookup.onAddressFailure();
      } else {
        active.lookup.onFailure(p.expectedId());
      }
      pump(p.lookupId(), now);
    }
  }

  private void addToTable(Contact contact, boolean responded, long now) {
    if (config.enforceNodeIdIp() && !NodeIdIp.isValid(contact.id(), contact.address().getAddress())) {
      return;
    }
    table.heardFrom(contact, responded, now);
  }

  private Behavior<Command> onGetPeers(GetPeers m) {
    NodeId infoHash = NodeId.of(m.infoHash());
    List<InetSocketAddress> stored = peerStore.peers(infoHash, MAX_PEERS_PER_REPLY, now(), random);
    if (!stored.isEmpty()) {
      m.replyTo().tell(new PeersFound(infoHash.bytes(), stored, false)); // announced to us directly
    }
    startLookup(ActiveLookup.Purpose.GET_PEERS, infoHash, 0, m.replyTo());
    return this;
  }

  private Behavior<Command> onAnnounce(Announce m) {
    if (m.port() < 0 || m.port() > 65535) {
      getContext().getLog().warn("DHT announce with port {} ignored", m.port());
      return this;
    }
    startLookup(ActiveLookup.Purpose.ANNOUNCE, NodeId.of(m.infoHash()), m.port(), m.replyTo());
    return this;
  }

  private Behavior<Command> onAddNode(AddNode m) {
    long now = now();
    sendQuery(Transactions.Kind.PING, m.address(), null, -1, now,
        tid -> new KrpcMessage.Ping(tid, table.ownId(), false));
    return this;
  }

  private Behavior<Command> onGetStats(GetStats m) {
    long now = now();
    m.replyTo().tell(new Stats(table.ownId().toString(), localAddress(), table.size(), table.goodNodes(now).size(),
        table.bucketCount(), counters.queriesIn, counters.queriesOut, counters.responsesIn, counters.timeouts,
        counters.dropped + receiver.dropped.get(), lookups.size(), peerStore.torrentCount()));
    return this;
  }

  private void bootstrap() {
    lastBootstrap = now();
    startLookup(ActiveLookup.Purpose.REFRESH, table.ownId(), 0, null);
  }

  private void startLookup(ActiveLookup.Purpose purpose, NodeId target, int port, ActorRef<PeersFound> replyTo) {
    long now = now();
    List<Contact> seeds = table.closest(target, RoutingTable.K, now);
    Lookup lookup = new Lookup(target, seeds);
    int id = nextLookupId++;
    lookups.put(id, new ActiveLookup(lookup, purpose, port, replyTo, now));
    if (seeds.size() < RoutingTable.K) {
      int sent = 0;
      for (InetSocketAddress router : config.bootstrap()) {
        if (seeds.stream().noneMatch(c -> c.address().equals(router))
            && sendQuery(Transactions.Kind.LOOKUP, router, null, id, now, queryFor(purpose, target))) {
          sent++;
        }
      }
      lookup.addressQueriesSent(sent);
    }
    pump(id, now);
  }

  /** Sends what the lookup wants sent; finishes it when it is done or too old. */
  private void pump(int id, long now) {
    ActiveLookup active = lookups.get(id);
    if (active == null) {
      return;
    }
    for (Contact c : active.lookup.nextQueries()) {
      if (!sendQuery(Transactions.Kind.LOOKUP, c.address(), c.id(), id, now, queryFor(active.purpose, active.lookup.target()))) {
        active.lookup.onFailure(c.id());
      }
    }
    if (active.lookup.isDone() || now - active.startedAt > LOOKUP_MAX_MILLIS) {
      finish(id, active, now);
    }
  }

  private void finish(int id, ActiveLookup active, long now) {
    lookups.remove(id);
    if (active.purpose == ActiveLookup.Purpose.ANNOUNCE) {
      NodeId infoHash = active.lookup.target();
      for (Lookup.TokenHolder holder : active.lookup.closestWithTokens(RoutingTable.K)) {
        sendQuery(Transactions.Kind.ANNOUNCE, holder.contact().address(), holder.contact().id(), -1, now,
            tid -> new KrpcMessage.AnnouncePeer(tid, table.ownId(), infoHash, active.port, holder.token(),
                active.port == 0, false));
      }
    }
    if (active.replyTo != null) {
      active.replyTo.tell(new PeersFound(active.infoHash.clone(), List.of(), true));
    }
  }

  private java.util.function.Function<BBytes, Query> queryFor(ActiveLookup.Purpose purpose, NodeId target) {
    NodeId own = table.ownId();
    return purpose == ActiveLookup.Purpose.REFRESH
        ? tid -> new KrpcMessage.FindNode(tid, own, target, false)
        : tid -> new KrpcMessage.GetPeers(tid, own, target, false);
  }

  private boolean sendQuery(Transactions.Kind kind, InetSocketAddress to, NodeId expectedId, int lookupId, long now,
      java.util.function.Function<BBytes, Query> query) {
    BBytes tid = transactions.open(new Transactions.Pending(kind, to, expectedId, lookupId, now));
    if (tid == null) {
      return false;
    }
    if (!send(query.apply(tid), to)) {
      transactions.cancel(tid);
      return false;
    }
    counters.queriesOut++;
    return true;
  }

  private boolean send(KrpcMessage message, InetSocketAddress to) {
    if (!outgoing.tryTake(now())) {
      counters.dropped++;
      return false;
    }
    try {
      channel.send(ByteBuffer.wrap(KrpcCodec.encode(message)), to);
      return true;
    } catch (IOException | RuntimeException e) {
      getContext().getLog().debug("DHT send to {} failed: {}", to, e.toString());
      return false;
    }
  }

  private Behavior<Command> onTick() {
    long now = now();
    for (Transactions.Pending p : transactions.expire(now - config.queryTimeout().toMillis())) {
      counters.timeouts++;
      failed(p, now);
    }
    for (Integer id : List.copyOf(lookups.keySet())) {
      pump(id, now);
    }
    tokens.tick(now);
    if (now - counters.lastMaintenance >= 5_000) {
      counters.lastMaintenance = now;
      maintain(now);
    }
    return this;
  }

  private void maintain(long now) {
    peerStore.expire(now);
    if (table.size() == 0 && now - lastBootstrap >= REBOOTSTRAP_MILLIS) {
      bootstrap();
    }
    long refreshing = lookups.values().stream().filter(l -> l.purpose == ActiveLookup.Purpose.REFRESH).count();
    for (NodeId target : table.refreshTargets(now, random)) {
      if (refreshing++ < MAX_REFRESH_LOOKUPS) {
        startLookup(ActiveLookup.Purpose.REFRESH, target, 0, null);
      }
    }
    table.questionable(now).stream().limit(RoutingTable.K).forEach(c -> sendQuery(Transactions.Kind.PING, c.address(),
        c.id(), -1, now, tid -> new KrpcMessage.Ping(tid, table.ownId(), false)));
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

  /** Counters for {@link Stats}; touched by the actor only. */
  private static final class Counters {
    long queriesIn;
    long queriesOut;
    long responsesIn;
    long timeouts;
    long dropped;
    long lastMaintenance;
  }
}
