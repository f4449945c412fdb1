package io.seedfleet.engine.session;

import io.seedfleet.engine.dht.node.DhtConfig;
import io.seedfleet.engine.dht.node.DhtNode;
import io.seedfleet.engine.discovery.DhtDiscovery;
import io.seedfleet.engine.discovery.LocalPeerDiscovery;
import io.seedfleet.engine.limit.LimitScope;
import io.seedfleet.engine.limit.Limits;
import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.metainfo.MagnetLink;
import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.engine.net.NetConnection;
import io.seedfleet.engine.net.NetLoop;
import io.seedfleet.engine.peer.LocalPeerId;
import io.seedfleet.engine.torrent.EngineContext;
import io.seedfleet.engine.torrent.MetadataFetcher;
import io.seedfleet.engine.torrent.Torrent;
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

/**
 * The engine's root: the listening socket, the registry of torrents, inbound connections routed by
 * the info-hash in their handshake, and the node-wide connection limit.
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

  /** @param listenPort the port we actually listen on (useful when 0 was asked for) */
  public record SessionInfo(int listenPort, int openConnections, int torrents) {}

  record InboundHandshake(NetConnection connection, Handshake handshake, ByteBuffer leftover) implements Command {}

  private record TorrentStopped(InfoHash infoHash) implements Command {}

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
  private final NetLoop loop;
  private final NetLoop.Listening listening;
  private final ExecutorService hashPool;
  private final EngineContext engine;
  private final LimitScope nodeLimits;
  private final Map<InfoHash, ActorRef<Torrent.Command>> torrents = new HashMap<>();
  private final ActorRef<LocalPeerDiscovery.Command> localDiscovery;
  private final ActorRef<DhtDiscovery.Command> dht;
  private final Map<InfoHash, PendingMagnet> magnets = new HashMap<>();
  private final ActorRef<TorrentQueue.Command> queue;

  private Session(ActorContext<Command> context, SessionConfig config) throws IOException {
    super(context);
    this.config = config;
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
  }

  /** The DHT listens on the BitTorrent port's number unless told otherwise. */
  private static DhtConfig dhtConfig(SessionConfig config, InetSocketAddress listening) {
    if (config.dht() == null || config.dht().bind().getPort() != 0) {
      return config.dht();
    }
    return config.dht().withBind(new InetSocketAddress(config.dht().bind().getAddress(), listening.getPort()));
  }

  public static Behavior<Command> create(SessionConfig config) {
    return Behaviors.setup(ctx -> new Session(ctx, config));
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
        .onMessage(SetTorrentLimits.class, set -> {
          ActorRef<Torrent.Command> torrent = torrents.get(set.infoHash());
          if (torrent != null) {
            torrent.tell(set.limits());
          }
          return this;
        })
        .onMessage(InboundHandshake.class, this::onInboundHandshake)
        .onMessage(TorrentStopped.class, this::onTorrentStopped)
        .onMessage(SetQueueSettings.class, set -> {
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
        .onSignal(Terminated.class, t -> this)
        .onSignal(PostStop.class, s -> onPostStop())
        .build();
  }

  private Behavior<Command> onAddTorrent(AddTorrent add) {
    InfoHash infoHash = add.metainfo().infoHash();
    ActorRef<Torrent.Command> existing = torrents.get(infoHash);
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

  private ActorRef<Torrent.Command> startTorrent(Metainfo metainfo, Path downloadDir, List<InetSocketAddress> peers) {
    InfoHash infoHash = metainfo.infoHash();
    ActorRef<Torrent.Command> torrent =
        getContext().spawn(Torrent.create(metainfo, downloadDir, engine), "torrent-" + infoHash.hex());
    getContext().watchWith(torrent, new TorrentStopped(infoHash));
    torrents.put(infoHash, torrent);
    queue.tell(new TorrentQueue.Added(infoHash, torrent));
    if (!peers.isEmpty()) {
      torrent.tell(new Torrent.AddPeers(peers));
    }
    if (!metainfo.isPrivate()) { // BEP 27: a private torrent's peers come from its trackers only
      localDiscovery.tell(new LocalPeerDiscovery.Track(infoHash));
      dht.tell(new DhtDiscovery.Track(infoHash, DhtDiscovery.DEFAULT_INTERVAL));
    }
    return torrent;
  }

  // Magnet links (BEP 9): a MetadataFetcher per magnet until its metadata arrives.

  private Behavior<Command> onAddMagnet(AddMagnet add) {
    InfoHash infoHash = add.link().infoHash();
    if (torrents.containsKey(infoHash) || magnets.containsKey(infoHash)) {
      add.replyTo().tell(new MagnetAdded(infoHash, null, null, "torrent " + infoHash + " is already running"));
      return this;
    }
    ActorRef<MetadataFetcher.Fetched> replies = getContext().messageAdapter(MetadataFetcher.Fetched.class,
        MetadataFetched::new);
    ActorRef<MetadataFetcher.Command> fetcher = getContext().spawn(
        MetadataFetcher.create(add.link(), engine, replies), "metadata-" + infoHash.hex());
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
        torrent.tell(new Torrent.SetFilePriorities(priorities)));
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
    if (pending != null && !torrents.containsKey(stopped.infoHash())) {
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
    } else if (torrents.containsKey(add.infoHash())) {
      torrents.get(add.infoHash()).tell(new Torrent.AddPeers(add.peers()));
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
    get.replyTo().tell(Map.copyOf(torrents));
    return this;
  }

  private Behavior<Command> onRemoveTorrent(RemoveTorrent remove) {
    PendingMagnet magnet = magnets.get(remove.infoHash());
    if (magnet != null) {
      getContext().stop(magnet.fetcher());
    }
    ActorRef<Torrent.Command> torrent = torrents.remove(remove.infoHash());
    queue.tell(new TorrentQueue.Removed(remove.infoHash()));
    localDiscovery.tell(new LocalPeerDiscovery.Untrack(remove.infoHash()));
    dht.tell(new DhtDiscovery.Untrack(remove.infoHash()));
    if (torrent != null) {
      getContext().stop(torrent);
    }
    return this;
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
      torrents.values().forEach(t -> t.tell(new Torrent.ShedConnections(keep)));
    }
    return this;
  }

  private Behavior<Command> onInboundHandshake(InboundHandshake inbound) {
    ActorRef<Torrent.Command> torrent = torrents.get(inbound.handshake().infoHash());
    if (torrent == null) {
      getContext().getLog().debug("closing {}: unknown info-hash {}", inbound.connection().remoteAddress(),
          inbound.handshake().infoHash());
      inbound.connection().close();
      return this;
    }
    torrent.tell(new Torrent.Inbound(inbound.connection(), inbound.handshake(), inbound.leftover()));
    return this;
  }

  private Behavior<Command> onTorrentStopped(TorrentStopped stopped) {
    torrents.remove(stopped.infoHash());
    queue.tell(new TorrentQueue.Removed(stopped.infoHash()));
    localDiscovery.tell(new LocalPeerDiscovery.Untrack(stopped.infoHash()));
    dht.tell(new DhtDiscovery.Untrack(stopped.infoHash()));
    return this;
  }

  private Behavior<Command> onPostStop() {
    listening.close();
    loop.close();
    hashPool.shutdownNow();
    return this;
  }
}
