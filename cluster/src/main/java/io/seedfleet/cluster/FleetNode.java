package io.seedfleet.cluster;

import com.google.protobuf.ByteString;
import io.seedfleet.cluster.catalogue.Catalogue;
import io.seedfleet.cluster.catalogue.MetainfoService;
import io.seedfleet.cluster.catalogue.MetainfoStore;
import io.seedfleet.cluster.catalogue.PolicyApplier;
import io.seedfleet.cluster.catalogue.Policies;
import io.seedfleet.proto.cluster.v1.FleetPolicy;
import io.seedfleet.cluster.catalogue.CatalogueWatcher;
import io.seedfleet.cluster.catalogue.FleetKeys;
import io.seedfleet.cluster.catalogue.Holder;
import io.seedfleet.cluster.catalogue.HolderJanitor;
import io.seedfleet.cluster.catalogue.LiveMembers;
import io.seedfleet.cluster.sharding.FleetSharding;
import io.seedfleet.cluster.sharding.ReplicaContext;
import io.seedfleet.cluster.sharding.ReplicaId;
import io.seedfleet.cluster.sharding.Reconciler;
import io.seedfleet.cluster.sharding.TorrentReplica;
import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.engine.metainfo.MetainfoException;
import io.seedfleet.engine.session.Session;
import io.seedfleet.engine.session.SessionConfig;
import io.seedfleet.proto.cluster.v1.TorrentSpec;
import io.seedfleet.proto.cluster.v1.TorrentStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ddata.ORMultiMap;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.JoinSeedNodes;

/**
 * One node of a fleet: an ActorSystem in the cluster, this node's BitTorrent engine, its share of the
 * torrent replicas, and the fleet-wide catalogue. All methods are thread-safe; the asynchronous ones
 * never block the caller.
 */
public final class FleetNode implements AutoCloseable {

  /** A cluster member as the API shows it. */
  /** A cluster member: its address, Pekko status (Up, Joining, ...), reachability and roles. */
  public record MemberInfo(String address, String status, boolean reachable, List<String> roles) {}

  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);

  private final FleetSettings settings;
  private final ActorSystem<Void> system;
  private final InetSocketAddress btAddress;
  private final Catalogue catalogue;
  private final FleetSharding sharding;
  private final ActorRef<Session.Command> session;
  private final MetainfoStore metainfoStore;
  private final Policies policies;
  private final DownloadRoots downloadRoots;
  private final ActorRef<MetainfoService.Command> metainfoService;
  private final java.util.Set<String> published = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private FleetNode(FleetSettings settings, ActorSystem<Void> system, InetSocketAddress btAddress,
      ActorRef<Session.Command> session, SessionConfig engineConfig) {
    this.settings = settings;
    this.system = system;
    this.btAddress = btAddress;
    this.session = session;
    this.catalogue = new Catalogue(system, settings.writeTimeout());
    this.policies = new Policies(system, settings.writeTimeout());
    this.downloadRoots = new DownloadRoots(system.settings().config().getStringList("seedfleet.fleet.download-roots"));
    Holder self = new Holder(clusterAddress().toString(), btAddress);
    this.metainfoStore = new MetainfoStore(settings.dataDir());
    ActorRef<MetainfoService.Command> metainfo =
        system.systemActorOf(MetainfoService.create(metainfoStore), MetainfoService.NAME, Props.empty());
    this.metainfoService = metainfo;
    this.sharding = FleetSharding.init(system, settings.buckets(), new ReplicaContext(session, self,
        settings.dataDir().toAbsolutePath(), settings.peerRefreshInterval(), Duration.ofSeconds(30), published, metainfo,
        engineConfig.torrent().maxConnections(), downloadRoots));
    system.systemActorOf(PolicyApplier.create(session, engineConfig), "fleet-policy", Props.empty());
    system.systemActorOf(Reconciler.create(settings.reconcileInterval()), "fleet-reconciler", Props.empty());
    system.systemActorOf(HolderJanitor.create(), "fleet-holder-janitor", Props.empty());
    catalogue.migrateLegacy().whenComplete((moved, failure) -> {
      if (failure != null) {
        system.log().warn("cannot move the single-key catalogue into its buckets: {}", failure.toString());
      } else if (moved > 0) {
        system.log().info("moved {} catalogue entries from the single key into the buckets (ADR 0015)", moved);
      }
    });
  }

  /**
   * Starts the node and asks to join {@code settings.seedNodes()} (or itself when empty). Returns
   * once the engine listens; use {@link #awaitUp} to wait for cluster membership.
   */
  public static FleetNode start(FleetSettings settings) {
    return start(settings, java.util.function.UnaryOperator.identity());
  }

  /** As {@link #start(FleetSettings)}, with the engine's configuration adjusted (DHT, LSD, limits). */
  public static FleetNode start(FleetSettings settings, java.util.function.UnaryOperator<SessionConfig> engine) {
    try {
      Files.createDirectories(settings.dataDir().resolve("torrents"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create data dir " + settings.dataDir(), e);
    }
    DataDirLock lock = DataDirLock.acquire(settings.dataDir(), Duration.ofSeconds(5));
    ActorSystem<Void> system;
    try {
      system = ActorSystem.create(Behaviors.empty(), settings.systemName(), settings.toConfig());
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
    system.getWhenTerminated().thenRun(lock::close);
    try {
      SessionConfig engineConfig = engine.apply(SessionConfig.defaults(new InetSocketAddress(settings.host(), settings.btPort())));
      if (engineConfig.resumeDir() == null) { // the node's fast-resume snapshots: a restart hashes only changed files
        engineConfig = engineConfig.withResumeDir(settings.dataDir().resolve("resume"));
      }
      ActorRef<Session.Command> session = system.systemActorOf(Session.create(engineConfig), "bt-session", Props.empty());
      Session.SessionInfo info = AskPattern.<Session.Command, Session.SessionInfo>ask(session, Session.GetInfo::new,
          ASK_TIMEOUT, system.scheduler()).toCompletableFuture().join();
      join(system, settings.seedNodes());
      return new FleetNode(settings, system, new InetSocketAddress(settings.host(), info.listenPort()), session, engineConfig);
    } catch (RuntimeException e) {
      system.terminate();
      throw e;
    }
  }

  private static void join(ActorSystem<?> system, List<String> seedNodes) {
    Cluster cluster = Cluster.get(system);
    if (seedNodes.isEmpty()) {
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
      return;
    }
    List<Address> seeds = new ArrayList<>();
    for (String seed : seedNodes) {
      String[] hostPort = FleetSettings.parseHostPort(seed);
      seeds.add(new Address("pekko", system.name(), hostPort[0], Integer.parseInt(hostPort[1])));
    }
    cluster.manager().tell(new JoinSeedNodes(seeds));
  }

  /** Blocks until this node is a member that is up, or throws after {@code timeout}. */
  public FleetNode awaitUp(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (Cluster.get(system).selfMember().status() != org.apache.pekko.cluster.MemberStatus.up()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("node " + clusterAddress() + " not up after " + timeout);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting to join", e);
      }
    }
    return this;
  }

  public InetSocketAddress btAddress() {
    return btAddress;
  }

  public Address clusterAddress() {
    return Cluster.get(system).selfMember().address();
  }

  /** {@code host:port} of the cluster endpoint, the form seed-nodes take. */
  public String clusterHostPort() {
    Address a = clusterAddress();
    return a.getHost().orElse(settings.host()) + ":" + a.getPort().orElse(0);
  }

  public Path dataDir() {
    return settings.dataDir();
  }

  /**
   * Records that this node seeds {@code infoHash} from local content (started in {@link #session()}):
   * a replica placed here then counts that torrent as its own.
   */
  public void markPublished(InfoHash infoHash) {
    published.add(infoHash.hex());
  }

  /** The node-local engine, for torrents outside the catalogue (a publisher's seed). */
  public ActorRef<Session.Command> session() {
    return session;
  }

  public ActorSystem<Void> system() {
    return system;
  }

  // ---- catalogue ----

  /**
   * How a torrent enters the catalogue.
   *
   * @param downloadDir absolute directory every holder saves into, or null for the node's data dir
   */
  public record AddOptions(int replicas, List<String> labels, boolean paused, String downloadDir) {
    public AddOptions {
      labels = List.copyOf(labels);
      if (downloadDir != null && !downloadDir.isEmpty()) {
        Path dir = Path.of(downloadDir);
        if (!dir.isAbsolute() || !dir.normalize().equals(dir) || downloadDir.length() > 4096) {
          throw new IllegalArgumentException("downloadDir must be an absolute, normalized path: " + downloadDir);
        }
      }
    }

    TorrentSpec.Builder applyTo(TorrentSpec.Builder spec) {
      spec.setReplicas(replicas).addAllLabels(labels).setPaused(paused);
      if (downloadDir != null) {
        spec.setDownloadDir(downloadDir);
      }
      return spec;
    }
  }

  /** Adds (or replaces) a .torrent with {@code options}; see {@link #add(TorrentSpec)}. */
  public CompletionStage<Catalogue.WriteOutcome> add(byte[] torrentFile, AddOptions options) throws MetainfoException {
    Metainfo metainfo = Metainfo.parse(torrentFile);
    checkDownloadDir(options);
    return addParsed(options.applyTo(TorrentSpec.newBuilder().setMetainfo(ByteString.copyFrom(torrentFile))).build(),
        metainfo);
  }

  /** Throws {@link DownloadRoots.OutsideRootsException} for a directory outside this node's roots. */
  private void checkDownloadDir(AddOptions options) {
    if (options.downloadDir() != null && !options.downloadDir().isEmpty()) {
      downloadRoots.check(options.downloadDir());
    }
  }

  /** Adds (or replaces) a torrent; {@code replicas} nodes will hold full copies. */
  public CompletionStage<Catalogue.WriteOutcome> add(byte[] torrentFile, int replicas, List<String> labels)
      throws MetainfoException {
    return add(torrentFile, new AddOptions(replicas, labels, false, null));
  }

  /**
   * Adds (or replaces) a spec. Throws IllegalArgumentException when the spec is malformed: no 20-byte
   * info-hash, replicas outside 1..64, metainfo missing, unparsable, or of another info-hash.
   */
  public CompletionStage<Catalogue.WriteOutcome> add(TorrentSpec spec) {
    if (spec.getMetainfo().isEmpty()) {
      throw new IllegalArgumentException("metainfo (.torrent bytes) is required: magnet-only specs are not run yet");
    }
    Metainfo metainfo;
    try {
      metainfo = Metainfo.parse(spec.getMetainfo().toByteArray());
    } catch (MetainfoException e) {
      throw new IllegalArgumentException("bad metainfo: " + e.getMessage(), e);
    }
    return addParsed(spec, metainfo);
  }

  /** {@code spec} carries the .torrent that {@code metainfo} was parsed from (parsed once). */
  private CompletionStage<Catalogue.WriteOutcome> addParsed(TorrentSpec spec, Metainfo metainfo) {
    if (spec.getInfoHash().isEmpty()) {
      spec = spec.toBuilder().setInfoHash(ByteString.copyFrom(metainfo.infoHash().bytes())).build();
    }
    Catalogue.validate(spec);
    if (!java.util.Arrays.equals(metainfo.infoHash().bytes(), spec.getInfoHash().toByteArray())) {
      throw new IllegalArgumentException("metainfo is for " + metainfo.infoHash().hex() + ", not the spec's info-hash");
    }
    try {
      metainfoStore.write(metainfo.infoHash(), spec.getMetainfo().toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot store the .torrent under " + settings.dataDir().resolve("metainfo"), e);
    }
    // The catalogue keeps a small entry; replicas fetch the .torrent from this node (MetainfoService).
    return catalogue.put(spec.toBuilder().clearMetainfo().setName(metainfo.name())
        .setTotalLength(metainfo.totalLength()).setOrigin(clusterAddress().toString()).build());
  }

  /**
   * Adds a torrent by magnet link: the first replica fetches the metadata from peers (the link's
   * {@code x.pe}, trackers, the DHT when on), keeps the .torrent, and the other replicas get it
   * from there. Throws MagnetException for a link that does not parse.
   */
  public CompletionStage<Catalogue.WriteOutcome> addMagnet(String magnet, AddOptions options)
      throws io.seedfleet.engine.metainfo.MagnetException {
    io.seedfleet.engine.metainfo.MagnetLink link = io.seedfleet.engine.metainfo.MagnetLink.parse(magnet);
    checkDownloadDir(options);
    TorrentSpec spec = options.applyTo(TorrentSpec.newBuilder().setInfoHash(ByteString.copyFrom(link.infoHash().bytes()))
        .setMagnet(link.format()).setName(link.nameForDisplay()).setOrigin(clusterAddress().toString())).build();
    Catalogue.validate(spec);
    return catalogue.put(spec);
  }

  /**
   * Removes a torrent and deletes the data of each of its replicas: the catalogue entry goes first
   * (so nothing restarts it), then every replica deletes its download directory. Published content
   * outside the data directory is never deleted. Returns one report per replica: empty error =
   * deleted; a node that is down keeps its copy (the report says so).
   */
  public CompletionStage<List<TorrentStatus>> removeWithData(InfoHash infoHash) {
    return catalogue.get(infoHash.hex()).thenCompose(spec -> {
      if (spec.isEmpty()) {
        return CompletableFuture.completedFuture(List.<TorrentStatus>of());
      }
      int replicas = Math.min(spec.get().getReplicas(), ReplicaId.MAX_REPLICAS);
      if (!spec.get().getDownloadDir().isEmpty()) { // files among others: never delete a shared directory
        return catalogue.remove(infoHash.hex()).thenApply(outcome -> java.util.stream.IntStream.range(0, replicas)
            .mapToObj(i -> TorrentStatus.newBuilder().setInfoHash(ByteString.copyFrom(infoHash.bytes())).setReplica(i)
                .setState(TorrentStatus.State.UNKNOWN).setError("kept: files in the custom download directory "
                    + spec.get().getDownloadDir() + " are not deleted").build()).toList());
      }
      return catalogue.remove(infoHash.hex()).thenCompose(outcome -> {
        List<CompletableFuture<TorrentStatus>> reports = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
          reports.add(sharding.deleteData(new ReplicaId(infoHash, i), ASK_TIMEOUT.multipliedBy(2)).toCompletableFuture());
        }
        return CompletableFuture.allOf(reports.toArray(CompletableFuture[]::new))
            .thenApply(done -> reports.stream().map(CompletableFuture::join).toList());
      });
    });
  }

  public CompletionStage<Catalogue.WriteOutcome> remove(InfoHash infoHash) {
    return catalogue.remove(infoHash.hex());
  }

  public CompletionStage<Catalogue.WriteOutcome> setReplicas(InfoHash infoHash, int replicas) {
    if (replicas < 1 || replicas > ReplicaId.MAX_REPLICAS) {
      throw new IllegalArgumentException("replicas must be 1.." + ReplicaId.MAX_REPLICAS + ", was " + replicas);
    }
    return catalogue.modify(infoHash.hex(), spec -> spec.toBuilder().setReplicas(replicas).build());
  }

  /**
   * Per-torrent limits on every node holding it: rates in bytes per second (0 = unlimited) and a
   * connection cap (0 = the engine's default). Throws IllegalArgumentException for negative values.
   */
  public CompletionStage<Catalogue.WriteOutcome> setTorrentLimits(InfoHash infoHash, long uploadRate, long downloadRate,
      int maxConnections) {
    if (uploadRate < 0 || downloadRate < 0 || maxConnections < 0) {
      throw new IllegalArgumentException("limits must be 0 (none) or more");
    }
    return catalogue.modify(infoHash.hex(), spec -> spec.toBuilder().setUploadLimit(uploadRate)
        .setDownloadLimit(downloadRate).setMaxConnections(maxConnections).build());
  }

  /**
   * One priority per file in torrent order, 0 (skip) to 7; an empty list resets every file to 1.
   * The count is checked against the torrent's files when this node has its .torrent.
   */
  public CompletionStage<Catalogue.WriteOutcome> setFilePriorities(InfoHash infoHash, List<Integer> priorities) {
    if (priorities.stream().anyMatch(p -> p == null || p < 0 || p > 7)) {
      throw new IllegalArgumentException("file priorities must be 0 (skip) to 7");
    }
    metainfoStore.read(infoHash).ifPresent(m -> {
      if (!priorities.isEmpty() && priorities.size() != m.files().size()) {
        throw new IllegalArgumentException("the torrent has " + m.files().size() + " files, not " + priorities.size());
      }
    });
    return catalogue.modify(infoHash.hex(), spec -> spec.toBuilder().clearFilePriorities()
        .addAllFilePriorities(priorities).build());
  }

  /**
   * The torrent's metainfo: from this node's store, else fetched from another node of the fleet
   * (and kept); empty when no node has it (a magnet whose metadata has not arrived yet).
   */
  public CompletionStage<Optional<Metainfo>> metainfo(InfoHash infoHash) {
    String self = clusterAddress().toString();
    List<String> others = io.seedfleet.cluster.catalogue.LiveMembers.of(system).stream().sorted()
        .filter(m -> !m.equals(self)).toList();
    return AskPattern.<MetainfoService.Command, MetainfoService.Found>ask(metainfoService,
            replyTo -> new MetainfoService.Find(infoHash, others, replyTo), Duration.ofSeconds(60), system.scheduler())
        .thenApply(found -> Optional.ofNullable(found.metainfo()));
  }

  /** Tells every replica of {@code infoHash} to verify its data again; false when the torrent is unknown. */
  public CompletionStage<Boolean> recheck(InfoHash infoHash) {
    return catalogue.get(infoHash.hex()).thenApply(spec -> {
      spec.ifPresent(s -> {
        for (int i = 0; i < Math.min(s.getReplicas(), ReplicaId.MAX_REPLICAS); i++) {
          sharding.tell(new ReplicaId(infoHash, i), TorrentReplica.Recheck.INSTANCE);
        }
      });
      return spec.isPresent();
    });
  }

  /** The fleet-wide engine policy, empty while no operator has set one. */
  public CompletionStage<Optional<FleetPolicy>> policy() {
    return policies.get();
  }

  /** Replaces the fleet-wide engine policy; every node applies it. Throws IllegalArgumentException for nonsense. */
  public CompletionStage<Catalogue.WriteOutcome> setPolicy(FleetPolicy policy) {
    if (Double.isNaN(policy.getSeedRatio()) || Double.isInfinite(policy.getSeedRatio()) || policy.getSeedRatio() < 0) {
      throw new IllegalArgumentException("seed ratio must be 0 (none) or a positive number");
    }
    return policies.set(policy);
  }

  public CompletionStage<Catalogue.WriteOutcome> setPaused(InfoHash infoHash, boolean paused) {
    return catalogue.modify(infoHash.hex(), spec -> spec.toBuilder().setPaused(paused).build());
  }

  public CompletionStage<Optional<TorrentSpec>> get(InfoHash infoHash) {
    return catalogue.get(infoHash.hex());
  }

  /** Every torrent in the catalogue, keyed by info-hash hex. */
  public CompletionStage<Map<String, TorrentSpec>> list() {
    return catalogue.list();
  }

  /**
   * Calls {@code listener} with the whole catalogue whenever it changes (on any node) until the
   * returned handle is closed. The listener must not block.
   */
  public AutoCloseable watchCatalogue(java.util.function.Consumer<Map<String, TorrentSpec>> listener) {
    ActorRef<CatalogueWatcher.Command> watcher = system.systemActorOf(CatalogueWatcher.create(listener),
        "catalogue-watcher-" + java.util.UUID.randomUUID(), Props.empty());
    return () -> system.classicSystem().stop(org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(watcher));
  }

  // ---- runtime state ----

  /**
   * The status of every wanted replica of a torrent, wherever it runs (each names its node). A
   * replica that does not answer in time is reported as STARTING with the error "no answer"; a torrent
   * the catalogue does not know gives one UNKNOWN entry.
   */
  public CompletionStage<List<TorrentStatus>> status(InfoHash infoHash) {
    return catalogue.get(infoHash.hex()).thenCompose(spec -> {
      if (spec.isEmpty()) { // answered here: unknown hashes from clients must not create entities
        return CompletableFuture.completedFuture(List.of(TorrentStatus.newBuilder()
            .setInfoHash(ByteString.copyFrom(infoHash.bytes())).setState(TorrentStatus.State.UNKNOWN)
            .setError("not in the catalogue").build()));
      }
      return status(infoHash, spec.get());
    });
  }

  /** As {@link #status(InfoHash)} for a catalogue entry the caller has just read. */
  public CompletionStage<List<TorrentStatus>> status(InfoHash infoHash, TorrentSpec spec) {
    List<CompletableFuture<TorrentStatus>> answers = new ArrayList<>();
    for (int i = 0; i < Math.min(spec.getReplicas(), ReplicaId.MAX_REPLICAS); i++) {
      answers.add(sharding.status(new ReplicaId(infoHash, i), ASK_TIMEOUT).toCompletableFuture());
    }
    return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
        .thenApply(v -> answers.stream().map(CompletableFuture::join).toList());
  }

  /** BitTorrent addresses of the nodes that run a replica of {@code infoHash} (for the built-in tracker). */
  public CompletionStage<List<InetSocketAddress>> holders(InfoHash infoHash) {
    CompletionStage<Replicator.GetResponse<ORMultiMap<String, String>>> reply = AskPattern.ask(
        DistributedData.get(system).replicator(),
        replyTo -> new Replicator.Get<>(FleetKeys.HOLDERS, Replicator.readLocal(), replyTo),
        ASK_TIMEOUT, system.scheduler());
    return reply.thenApply(response -> {
      if (response instanceof Replicator.GetSuccess<ORMultiMap<String, String>> ok) {
        return Holder.live(ok.dataValue().getEntries().getOrDefault(infoHash.hex(), java.util.Set.of()),
            LiveMembers.of(system)).stream().map(Holder::resolvedBtAddress).toList();
      }
      return List.of();
    });
  }

  /**
   * Registers a BitTorrent peer outside the fleet that has the data (e.g. the publisher's client on
   * this host) as a source: every replica of the torrent dials it. It is dropped when this node leaves.
   */
  public void addExternalSource(InfoHash infoHash, InetSocketAddress peer) {
    String entry = new Holder(clusterAddress().toString(), peer).encode();
    var self = DistributedData.get(system).selfUniqueAddress();
    DistributedData.get(system).replicator().tell(new Replicator.Update<>(FleetKeys.HOLDERS,
        ORMultiMap.<String, String>create(), Replicator.writeLocal(), system.ignoreRef(),
        map -> map.addBinding(self, infoHash.hex(), entry)));
  }

  public List<MemberInfo> members() {
    var state = Cluster.get(system).state();
    List<MemberInfo> result = new ArrayList<>();
    for (var m : state.getMembers()) {
      result.add(new MemberInfo(m.address().toString(), m.status().toString(), !state.getUnreachable().contains(m),
          m.getRoles().stream().filter(r -> !r.startsWith("dc-")).sorted().toList()));
    }
    return result;
  }

  /** Leaves the cluster gracefully (replicas hand off to other nodes) and stops the engine. */
  public CompletionStage<Void> shutdown() {
    system.terminate();
    return system.getWhenTerminated().thenApply(done -> null);
  }

  @Override
  public void close() {
    shutdown().toCompletableFuture().join();
  }
}
