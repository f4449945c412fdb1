package io.seedfleet.engine.session;

import io.seedfleet.engine.dht.node.DhtConfig;
import io.seedfleet.engine.dht.node.DhtNode;
import io.seedfleet.engine.discovery.DhtDiscovery;
import io.seedfleet.engine.discovery.LocalPeerDiscovery;
import io.seedfleet.engine.dormant.DormantIndex;
import io.seedfleet.engine.dormant.DormantTorrent;
import io.seedfleet.engine.limit.LimitScope;
import io.seedfleet.engine.limit.Limits;
import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.metainfo.MagnetLink;
import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.engine.net.NetConnection;
import io.seedfleet.engine.net.NetLoop;
import io.seedfleet.engine.peer.LocalPeerId;
import io.seedfleet.engine.queue.SeedGoal;
import io.seedfleet.engine.torrent.EngineContext;
import io.seedfleet.engine.torrent.MetadataFetcher;
import io.seedfleet.engine.torrent.Torrent;
import io.seedfleet.engine.torrent.TorrentState;
import io.seedfleet.engine.torrent.TorrentStatus;
import io.seedfleet.engine.wire.Handshake;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The engine's root: the listening socket, the registry of torrents, inbound connections routed by
 * the info-hash in their handshake, and the node-wide connection limit.
 *
 * <p>With dormancy on (docs/adr/0013-dormant-torrents.md) an idle torrent sleeps as a {@link
 * DormantTorrent} record in its {@link TorrentEntry}: callers hold a handle that this session
 * routes, answering from the record or waking the actor from the torrent's .torrent copy and fast
 * resume; the records are saved in a {@link DormantIndex} that a restart reads back.
 */
public final class Session extends AbstractBehavior<Session.Command> {

  public sealed interface Command {}

  /** Starts a torrent that saves into {@code downloadDir} and dials {@code peers}. */
  public record AddTorrent(Metainfo metainfo, Path downloadDir, List<InetSocketAddress> peers, ActorRef<AddResult> replyTo)
      implements Command {}

  /** {@code torrent} is null when adding failed; then {@code error} says why. */
  public record AddResult(InfoHash infoHash, ActorRef<Torrent.Command> torrent, String error) {}

  /**
   * Fetches a magnet link's metadata from its peers ({@code x.pe}, {@code extraPeers}, and any
   * given later through {@link AddPeersFor}), then starts the torrent as {@link AddTorrent} would.
   * The reply comes once, when the torrent runs or the magnet failed.
   */
  public record AddMagnet(MagnetLink link, Path downloadDir, List<InetSocketAddress> extraPeers,
      ActorRef<MagnetAdded> replyTo) implements Command {}

  /** {@code torrent} and {@code metainfo} are null when the magnet failed; then {@code error} says why. */
  public record MagnetAdded(InfoHash infoHash, Metainfo metainfo, ActorRef<Torrent.Command> torrent, String error) {}

  /** Progress of a magnet still fetching metadata; an empty status when there is none. */
  public record GetFetchStatus(InfoHash infoHash, ActorRef<MetadataFetcher.FetchStatus> replyTo) implements Command {}

  /** Peers for a torrent or a magnet still fetching metadata (from trackers, the DHT, ...). */
  public record AddPeersFor(InfoHash infoHash, List<InetSocketAddress> peers) implements Command {}

  public record GetTorrents(ActorRef<Map<InfoHash, ActorRef<Torrent.Command>>> replyTo) implements Command {}

  public record RemoveTorrent(InfoHash infoHash) implements Command {}

  /** New queue limits and default seed goal, applied to running torrents at once. */
  public record SetQueueSettings(io.seedfleet.engine.queue.QueueSettings settings) implements Command {}

  public record GetInfo(ActorRef<SessionInfo> replyTo) implements Command {}

  /**
   * Changes the node-wide limits at once: rates in bytes per second (0 = unlimited) shared by all
   * torrents, and the cap on open peer connections. When more are open than the new cap, each
   * torrent closes its share of the excess, least useful first.
   */
  public record SetGlobalLimits(long uploadRate, long downloadRate, int maxConnections) implements Command {
    public SetGlobalLimits {
      new Limits(uploadRate, downloadRate, maxConnections); // validates
    }
  }

  public record GetGlobalLimits(ActorRef<Limits> replyTo) implements Command {}

  /** Forwards {@link Torrent.SetLimits} to the torrent with {@code infoHash}, if it runs. */
  public record SetTorrentLimits(InfoHash infoHash, Torrent.SetLimits limits) implements Command {}

  /** How many torrents run and sleep; see {@link DormancyStats}. */
  public record GetDormancy(ActorRef<DormancyStats> replyTo) implements Command {}

  /**
   * @param restored whether the torrents of the previous run are back (always true with dormancy off)
   * @param running torrents whose actor runs; {@code dormant} ones are records; {@code waking} ones
   *     between the two (stopping or starting)
   */
  public record DormancyStats(boolean restored, int running, int dormant, int waking, long sleeps, long wakes) {}

  /** @param listenPort the port we actually listen on (useful when 0 was asked for) */
  public record SessionInfo(int listenPort, int openConnections, int torrents) {}

  record InboundHandshake(NetConnection connection, Handshake handshake, ByteBuffer leftover) implements Command {}

  /** {@code actor} stopped; a torrent added again at once has a new actor and entry of the same generation. */
  private record TorrentStopped(InfoHash infoHash, int generation, ActorRef<Torrent.Command> actor)
      implements Command {}

  /** A command sent to a torrent's handle. */
  record Routed(InfoHash infoHash, Torrent.Command command) implements Command {}

  record CopySaved(InfoHash infoHash) implements Command {}

  /** {@code metainfo} is null when the copy could not be read; then {@code error} says why. */
  record CopyLoaded(InfoHash infoHash, Metainfo metainfo, String error) implements Command {}

  enum Sweep implements Command { INSTANCE }

  record Swept(InfoHash infoHash, int generation, Torrent.SleepCheck check) implements Command {}

  record Restored(List<DormantTorrent> torrents, String source) implements Command {}

  enum IndexSaved implements Command { INSTANCE }

  private record LocalPeerFound(LocalPeerDiscovery.PeerFound found) implements Command {}

  private record DhtPeersFound(DhtDiscovery.PeersFound found) implements Command {}

  /** Statistics of the DHT; no reply when the DHT is off. */
  public record GetDhtStats(ActorRef<DhtNode.Stats> replyTo) implements Command {}

  private record MetadataFetched(MetadataFetcher.Fetched fetched) implements Command {}

  private record FetcherStopped(InfoHash infoHash) implements Command {}

  private record PendingMagnet(MagnetLink link, ActorRef<MetadataFetcher.Command> fetcher, Path downloadDir,
      ActorRef<MagnetAdded> replyTo) {}

  private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

  private final SessionConfig config;
  /** Children spawned under a varied name because the plain one was still taken. */
  private long respawns;
  private final NetLoop loop;
  private final NetLoop.Listening listening;
  private final ExecutorService hashPool;
  private final EngineContext engine;
  private final LimitScope nodeLimits;
  private final TorrentRegistry torrents = new TorrentRegistry();
  private final ActorRef<LocalPeerDiscovery.Command> localDiscovery;
  private final ActorRef<DhtDiscovery.Command> dht;
  private final Map<InfoHash, PendingMagnet> magnets = new HashMap<>();
  private final ActorRef<TorrentQueue.Command> queue;
  /** Null when dormancy is off. */
  private final Dormancy dormancy;
  /** The queue's seed goal, which a woken torrent is told again. */
  private SeedGoal seedGoal;

  private Session(ActorContext<Command> context, TimerScheduler<Command> timers, SessionConfig config)
      throws IOException {
    super(context);
    this.config = config;
    this.seedGoal = config.queue().seedGoal();
    this.loop = new NetLoop("seedfleet-net");
    this.hashPool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), r -> {
      Thread t = new Thread(r, "seedfleet-hash");
      t.setDaemon(true);
      return t;
    });
    ActorRef<Command> self = context.getSelf();
    var scheduler = context.getSystem().scheduler();
    var ec = context.getExecutionContext();
    LimitScope limits = new LimitScope(config.limits(), System.nanoTime());
    this.nodeLimits = limits;
    this.listening = loop.listen(config.listen(), connection -> {
      if (loop.openConnections() >= limits.maxConnections()) {
        return null;
      }
      HandshakeSniffer sniffer = new HandshakeSniffer(self, connection);
      scheduler.scheduleOnce(HANDSHAKE_TIMEOUT, sniffer::expire, ec);
      return sniffer;
    });
    var disk = context.getSystem().dispatchers().lookup(DispatcherSelector.fromConfig("seedfleet.disk-dispatcher"));
    this.engine = new EngineContext(loop, disk, hashPool, LocalPeerId.generate(), listening.address().getPort(), config.torrent(),
        nodeLimits).withResumeDir(config.resumeDir());
    context.getLog().info("listening for BitTorrent peers on {}", listening.address());
    this.localDiscovery = context.spawn(LocalPeerDiscovery.create(config.lsd(), listening.address().getPort(),
        context.messageAdapter(LocalPeerDiscovery.PeerFound.class, LocalPeerFound::new)), "lsd");
    this.dht = context.spawn(DhtDiscovery.create(dhtConfig(config, listening.address()), listening.address().getPort(),
        context.messageAdapter(DhtDiscovery.PeersFound.class, DhtPeersFound::new)), "dht");
    this.queue = context.spawn(TorrentQueue.create(config.queue()), "queue");
    this.dormancy = config.dormancy().enabled() ? new Dormancy(context, this, torrents,
        new DormantDisk(config.resumeDir(), disk), config.dormancy(), config.torrent().maxConnections()) : null;
    if (dormancy != null) {
      timers.startTimerWithFixedDelay(Sweep.INSTANCE, config.dormancy().sweepInterval());
      dormancy.startRestore();
    }
  }

  /** The DHT listens on the BitTorrent port's number unless told otherwise. */
  private static DhtConfig dhtConfig(SessionConfig config, InetSocketAddress listening) {
    if (config.dht() == null || config.dht().bind().getPort() != 0) {
      return config.dht();
    }
    return config.dht().withBind(new InetSocketAddress(config.dht().bind().getAddress(), listening.getPort()));
  }

  public static Behavior<Command> create(SessionConfig config) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new Session(ctx, timers, config)));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(AddTorrent.class, this::onAddTorrent)
        .onMessage(GetTorrents.class, this::onGetTorrents)
        .onMessage(RemoveTorrent.class, this::onRemoveTorrent)
        .onMessage(GetInfo.class, this::onGetInfo)
        .onMessage(SetGlobalLimits.class, this::onSetGlobalLimits)
        .onMessage(GetGlobalLimits.class, get -> {
          get.replyTo().tell(nodeLimits.limits());
          return this;
        })
        .onMessage(SetTorrentLimits.class, set -> route(set.infoHash(), set.limits()))
        .onMessage(InboundHandshake.class, this::onInboundHandshake)
        .onMessage(TorrentStopped.class, this::onTorrentStopped)
        .onMessage(SetQueueSettings.class, set -> {
          seedGoal = set.settings().seedGoal();
          queue.tell(new TorrentQueue.SetSettings(set.settings()));
          return this;
        })
        .onMessage(LocalPeerFound.class, this::onLocalPeerFound)
        .onMessage(DhtPeersFound.class, this::onDhtPeersFound)
        .onMessage(GetDhtStats.class, get -> {
          dht.tell(new DhtDiscovery.GetStats(get.replyTo()));
          return this;
        })
        .onMessage(AddMagnet.class, this::onAddMagnet)
        .onMessage(MetadataFetched.class, this::onMetadataFetched)
        .onMessage(FetcherStopped.class, this::onFetcherStopped)
        .onMessage(GetFetchStatus.class, this::onGetFetchStatus)
        .onMessage(AddPeersFor.class, this::onAddPeersFor)
        .onMessage(Routed.class, routed -> route(routed.infoHash(), routed.command()))
        .onMessage(CopySaved.class, saved -> dormant(d -> d.onCopySaved(saved)))
        .onMessage(CopyLoaded.class, loaded -> dormant(d -> d.onCopyLoaded(loaded)))
        .onMessage(Sweep.class, sweep -> dormant(Dormancy::onSweep))
        .onMessage(Swept.class, swept -> dormant(d -> d.onSwept(swept)))
        .onMessage(Restored.class, restored -> dormant(d -> d.onRestored(restored)))
        .onMessage(IndexSaved.class, saved -> dormant(Dormancy::onIndexSaved))
        .onMessage(GetDormancy.class, this::onGetDormancy)
        .onSignal(Terminated.class, t -> this)
        .onSignal(PostStop.class, s -> onPostStop())
        .build();
  }

  private Behavior<Command> dormant(java.util.function.Consumer<Dormancy> handler) {
    if (dormancy != null) {
      handler.accept(dormancy);
    }
    return this;
  }

  private Behavior<Command> onGetDormancy(GetDormancy get) {
    if (dormancy != null) {
      dormancy.onGetDormancy(get);
    } else {
      get.replyTo().tell(torrents.stats(true, 0, 0));
    }
    return this;
  }

  private Behavior<Command> onAddTorrent(AddTorrent add) {
    InfoHash infoHash = add.metainfo().infoHash();
    TorrentEntry existing = torrents.get(infoHash);
    if (existing != null && !existing.claimed) {
      return claim(existing, add);
    }
    if (existing != null) {
      add.replyTo().tell(new AddResult(infoHash, null, "torrent " + infoHash + " is already running"));
      return this;
    }
    if (magnets.containsKey(infoHash)) {
      add.replyTo().tell(new AddResult(infoHash, null, "torrent " + infoHash + " is already fetching metadata"));
      return this;
    }
    ActorRef<Torrent.Command> torrent = startTorrent(add.metainfo(), add.downloadDir(), add.peers());
    add.replyTo().tell(new AddResult(infoHash, torrent, null));
    return this;
  }

  /**
   * The first add of a torrent restored from the index since the restart: its owner (the
   * catalogue, the operator) takes the handle; a restored torrent whose wake failed starts again
   * from the metainfo given.
   */
  private Behavior<Command> claim(TorrentEntry entry, AddTorrent add) {
    entry.claimed = true;
    dormancy.saveCopy(entry, add.metainfo());
    if (entry.phase == TorrentEntry.Phase.DORMANT && entry.dormant.state() == TorrentState.ERROR) {
      entry.downloadDir = torrents.directory(add.downloadDir());
      startActor(entry, add.metainfo(), Dormancy.counters(entry.dormant));
      entry.dormant = null;
    }
    if (!add.peers().isEmpty()) {
      dormancy.route(entry, new Torrent.AddPeers(add.peers()));
    }
    add.replyTo().tell(new AddResult(entry.infoHash, entry.handle, null));
    return this;
  }

  private ActorRef<Torrent.Command> startTorrent(Metainfo metainfo, Path downloadDir, List<InetSocketAddress> peers) {
    InfoHash infoHash = metainfo.infoHash();
    TorrentEntry entry = new TorrentEntry(infoHash, torrents.directory(downloadDir));
    entry.isPrivate = metainfo.isPrivate();
    entry.hasTrackers = !metainfo.announceTiers().isEmpty();
    torrents.put(entry);
    startActor(entry, metainfo, Torrent.Counters.ZERO);
    if (dormancy != null) {
      entry.handle = newHandle(infoHash);
      dormancy.saveCopy(entry, metainfo);
    }
    registered(entry);
    if (!peers.isEmpty()) {
      entry.live.tell(new Torrent.AddPeers(peers));
    }
    return entry.handle;
  }

  // Magnet links (BEP 9): a MetadataFetcher per magnet until its metadata arrives.

  private Behavior<Command> onAddMagnet(AddMagnet add) {
    InfoHash infoHash = add.link().infoHash();
    if (torrents.contains(infoHash) || magnets.containsKey(infoHash)) {
      add.replyTo().tell(new MagnetAdded(infoHash, null, null, "torrent " + infoHash + " is already running"));
      return this;
    }
    ActorRef<MetadataFetcher.Fetched> replies = getContext().messageAdapter(MetadataFetcher.Fetched.class,
        MetadataFetched::new);
    ActorRef<MetadataFetcher.Command> fetcher = getContext().spawn(
        MetadataFetcher.create(add.link(), engine, replies), freeChildName("metadata-" + infoHash.hex()));
    getContext().watchWith(fetcher, new FetcherStopped(infoHash));
    magnets.put(infoHash, new PendingMagnet(add.link(), fetcher, add.downloadDir(), add.replyTo()));
    dht.tell(new DhtDiscovery.Track(infoHash, Duration.ofMinutes(1))); // often, while nobody is known
    if (!add.extraPeers().isEmpty()) {
      fetcher.tell(new MetadataFetcher.AddPeers(add.extraPeers()));
    }
    return this;
  }

  private Behavior<Command> onMetadataFetched(MetadataFetched fetched) {
    MetadataFetcher.Fetched result = fetched.fetched();
    PendingMagnet pending = magnets.remove(result.infoHash());
    if (pending == null) {
      return this;
    }
    getContext().stop(pending.fetcher());
    if (result.metainfo() == null) {
      pending.replyTo().tell(new MagnetAdded(result.infoHash(), null, null, result.error()));
      return this;
    }
    ActorRef<Torrent.Command> torrent = startTorrent(result.metainfo(), pending.downloadDir(), result.peers());
    selectOnly(pending.link().selectOnly(), result.metainfo().files().size()).ifPresent(priorities ->
        route(result.infoHash(), new Torrent.SetFilePriorities(priorities)));
    pending.replyTo().tell(new MagnetAdded(result.infoHash(), result.metainfo(), torrent, null));
    return this;
  }

  /** BEP 53 {@code so}: the listed files at normal priority, the others skipped; indices past the end ignored. */
  static java.util.Optional<int[]> selectOnly(List<Integer> indices, int fileCount) {
    if (indices.isEmpty() || indices.stream().noneMatch(i -> i < fileCount)) {
      return java.util.Optional.empty(); // nothing usable selected: download everything
    }
    int[] priorities = new int[fileCount];
    indices.stream().filter(i -> i < fileCount).forEach(i -> priorities[i] = 1);
    return java.util.Optional.of(priorities);
  }

  private Behavior<Command> onFetcherStopped(FetcherStopped stopped) {
    PendingMagnet pending = magnets.remove(stopped.infoHash());
    if (pending != null && !torrents.contains(stopped.infoHash())) {
      dht.tell(new DhtDiscovery.Untrack(stopped.infoHash()));
    }
    if (pending != null) { // stopped without a result: removed, or failed
      pending.replyTo().tell(new MagnetAdded(stopped.infoHash(), null, null, "metadata fetch stopped"));
    }
    return this;
  }

  private Behavior<Command> onGetFetchStatus(GetFetchStatus get) {
    PendingMagnet pending = magnets.get(get.infoHash());
    if (pending == null) {
      get.replyTo().tell(new MetadataFetcher.FetchStatus(get.infoHash(), "", 0, 0, 0, 0));
    } else {
      pending.fetcher().tell(new MetadataFetcher.GetStatus(get.replyTo()));
    }
    return this;
  }

  private Behavior<Command> onAddPeersFor(AddPeersFor add) {
    PendingMagnet pending = magnets.get(add.infoHash());
    if (pending != null) {
      pending.fetcher().tell(new MetadataFetcher.AddPeers(add.peers()));
    } else if (torrents.contains(add.infoHash())) {
      route(add.infoHash(), new Torrent.AddPeers(add.peers()));
    }
    return this;
  }

  private Behavior<Command> onDhtPeersFound(DhtPeersFound found) {
    return onAddPeersFor(new AddPeersFor(found.found().infoHash(), found.found().peers()));
  }

  private Behavior<Command> onLocalPeerFound(LocalPeerFound local) {
    return onAddPeersFor(new AddPeersFor(local.found().infoHash(), List.of(local.found().peer())));
  }

  private Behavior<Command> onGetTorrents(GetTorrents get) {
    get.replyTo().tell(torrents.handles());
    return this;
  }

  private Behavior<Command> onRemoveTorrent(RemoveTorrent remove) {
    PendingMagnet magnet = magnets.get(remove.infoHash());
    if (magnet != null) {
      getContext().stop(magnet.fetcher());
    }
    TorrentEntry entry = torrents.remove(remove.infoHash());
    queue.tell(new TorrentQueue.Removed(remove.infoHash()));
    localDiscovery.tell(new LocalPeerDiscovery.Untrack(remove.infoHash()));
    dht.tell(new DhtDiscovery.Untrack(remove.infoHash()));
    if (entry != null) {
      if (entry.live != null) {
        getContext().stop(entry.live);
      }
      retire(entry);
    }
    return this;
  }

  /** The entry left the registry: its handle stops (its watchers learn it) and its files go. */
  private void retire(TorrentEntry entry) {
    entry.takePending().forEach(DormantRouting::drop);
    if (dormancy != null) {
      getContext().stop(entry.handle);
      dormancy.removed(entry);
    }
  }

  private Behavior<Command> onGetInfo(GetInfo get) {
    get.replyTo().tell(new SessionInfo(listening.address().getPort(), loop.openConnections(), torrents.size()));
    return this;
  }

  private Behavior<Command> onSetGlobalLimits(SetGlobalLimits set) {
    Limits limits = new Limits(set.uploadRate(), set.downloadRate(), set.maxConnections());
    nodeLimits.set(limits, System.nanoTime());
    getContext().getLog().info("node limits now {}", limits);
    int open = loop.openConnections();
    if (open > limits.maxConnections()) {
      double keep = (double) limits.maxConnections() / open;
      torrents.entries().stream().filter(e -> e.phase == TorrentEntry.Phase.LIVE)
          .forEach(e -> e.live.tell(new Torrent.ShedConnections(keep)));
    }
    return this;
  }

  private Behavior<Command> onInboundHandshake(InboundHandshake inbound) {
    if (!torrents.contains(inbound.handshake().infoHash())) {
      getContext().getLog().debug("closing {}: unknown info-hash {}", inbound.connection().remoteAddress(),
          inbound.handshake().infoHash());
      inbound.connection().close();
      return this;
    }
    return route(inbound.handshake().infoHash(),
        new Torrent.Inbound(inbound.connection(), inbound.handshake(), inbound.leftover()));
  }

  private Behavior<Command> onTorrentStopped(TorrentStopped stopped) {
    TorrentEntry entry = torrents.get(stopped.infoHash());
    if (entry == null || entry.generation != stopped.generation() || !stopped.actor().equals(entry.live)) {
      return this; // an earlier actor of this info-hash, removed meanwhile
    }
    if (entry.phase == TorrentEntry.Phase.SLEEPING) {
      dormancy.slept(entry);
      return this;
    }
    torrents.remove(stopped.infoHash()); // stopped by itself: gone, as it always was
    queue.tell(new TorrentQueue.Removed(stopped.infoHash()));
    localDiscovery.tell(new LocalPeerDiscovery.Untrack(stopped.infoHash()));
    dht.tell(new DhtDiscovery.Untrack(stopped.infoHash()));
    retire(entry);
    return this;
  }

  // Dormancy (docs/adr/0013-dormant-torrents.md): see Dormancy.

  private Behavior<Command> route(InfoHash infoHash, Torrent.Command command) {
    TorrentEntry entry = torrents.get(infoHash);
    if (entry == null) {
      DormantRouting.drop(command); // removed meanwhile: as if sent to a stopped actor
    } else if (dormancy == null) {
      entry.live.tell(command);
    } else {
      dormancy.route(entry, command);
    }
    return this;
  }

  /**
   * {@code name}, or a variant of it when a child of that name is still stopping: a torrent removed
   * and added again at once must not find its old actor's name taken (Pekko would fail the spawn,
   * and with it this session).
   */
  private String freeChildName(String name) {
    return getContext().getChild(name).isPresent() ? name + "-r" + (++respawns) : name;
  }

  /** Spawns the torrent's actor: for a new torrent, or one that wakes with its counters. */
  void startActor(TorrentEntry entry, Metainfo metainfo, Torrent.Counters counters) {
    ActorRef<Torrent.Command> torrent = getContext().spawn(
        Torrent.create(metainfo, entry.downloadDir, engine, counters), freeChildName(entry.actorName()), Torrent.DISPATCHER);
    getContext().watchWith(torrent, new TorrentStopped(entry.infoHash, entry.generation, torrent));
    entry.phase = TorrentEntry.Phase.LIVE;
    entry.live = torrent;
    entry.metainfo = metainfo;
    entry.idleSince = TorrentEntry.NOT_IDLE;
    if (dormancy == null) {
      entry.handle = torrent;
    }
  }

  /** Tells the queue and the discovery services about a new entry. */
  void registered(TorrentEntry entry) {
    queue.tell(new TorrentQueue.Added(entry.infoHash, entry.handle));
    if (!entry.isPrivate) { // BEP 27: a private torrent's peers come from its trackers only
      localDiscovery.tell(new LocalPeerDiscovery.Track(entry.infoHash));
      dht.tell(new DhtDiscovery.Track(entry.infoHash, DhtDiscovery.DEFAULT_INTERVAL));
    }
    if (dormancy != null) {
      dormancy.changed();
    }
  }

  /** An adapter, not an actor: what it is told becomes {@link Routed} to this session. */
  ActorRef<Torrent.Command> newHandle(InfoHash infoHash) {
    scala.Function1<Torrent.Command, Command> routed = command -> new Routed(infoHash, command);
    return getContext().asScala().spawnMessageAdapter(routed, "handle-" + infoHash.hex());
  }

  SeedGoal seedGoal() {
    return seedGoal;
  }

  boolean isFetching(InfoHash infoHash) {
    return magnets.containsKey(infoHash);
  }

  private Behavior<Command> onPostStop() {
    if (dormancy != null) {
      dormancy.saveIndexAtStop();
    }
    listening.close();
    loop.close();
    hashPool.shutdownNow();
    return this;
  }
}
