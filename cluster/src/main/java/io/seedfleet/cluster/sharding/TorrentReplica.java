package io.seedfleet.cluster.sharding;

import io.seedfleet.cluster.catalogue.FleetKeys;
import io.seedfleet.cluster.catalogue.Holder;
import io.seedfleet.cluster.catalogue.LiveMembers;
import io.seedfleet.cluster.catalogue.MetainfoService;
import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.engine.metainfo.MetainfoException;
import io.seedfleet.engine.session.Session;
import io.seedfleet.engine.torrent.Torrent;
import io.seedfleet.proto.cluster.v1.TorrentSpec;
import io.seedfleet.proto.cluster.v1.TorrentStatus;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.ddata.Key;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.ORMultiMap;
import org.apache.pekko.cluster.ddata.ReplicatedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;
import org.apache.pekko.cluster.ddata.typed.javadsl.ReplicatorMessageAdapter;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityContext;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;

/**
 * One replica of one torrent, a sharded entity {@code <infohash>#<replica>}. It follows the
 * catalogue: runs the torrent in this node's engine session while the catalogue wants this replica,
 * stops it when the spec goes away, shrinks below this index, is paused, or the shard moves away.
 * It publishes this node as a holder and feeds the other holders to its torrent as peers.
 */
public final class TorrentReplica extends AbstractBehavior<TorrentReplica.Command> {

  public static final EntityTypeKey<Command> TYPE_KEY = EntityTypeKey.create(Command.class, "TorrentReplica");

  public sealed interface Command {}

  /** Start if the catalogue wants this replica; answers with the status when {@code replyTo} is non-null. */
  public record Ensure(ActorRef<TorrentStatus> replyTo) implements Command {}

  public record GetStatus(ActorRef<TorrentStatus> replyTo) implements Command {}

  /** Sent by the shard on hand-off or passivation. */
  public enum Stop implements Command { INSTANCE }

  /** Verify this replica's data again from disk. */
  public enum Recheck implements Command { INSTANCE }

  /**
   * The torrent left the catalogue with its data: stop, delete this node's copy under the data
   * directory (never a published path), answer with a status whose error is "" or what failed.
   */
  public record DeleteData(ActorRef<TorrentStatus> replyTo) implements Command {}

  private record CatalogueChanged(TorrentSpec spec, boolean present) implements Command {}

  private record HoldersChanged(Set<String> holders) implements Command {}

  private record Added(Session.AddResult result) implements Command {}

  private record MetainfoFound(MetainfoService.Found found) implements Command {}

  private record MagnetStarted(Session.MagnetAdded result) implements Command {}

  private enum TorrentStopped implements Command { INSTANCE }

  private enum Tick implements Command { INSTANCE }

  private enum GiveUpUnknown implements Command { INSTANCE }

  private record StatusReady(io.seedfleet.engine.torrent.TorrentStatus status, ActorRef<TorrentStatus> replyTo)
      implements Command {}

  private record Ignored() implements Command {}

  private record Adopted(ActorRef<io.seedfleet.engine.torrent.Torrent.Command> torrent) implements Command {}

  private enum Phase { WAITING, STARTING, RUNNING, PAUSED, CO_LOCATED, ERROR, RETIRED }

  private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(3);

  private final ReplicaId id;
  private final String hex;
  private final ReplicaContext node;
  private final EntityContext<Command> entity;
  private final ActorRef<Replicator.Command> replicator;
  private Phase phase = Phase.WAITING;
  private TorrentSpec spec;
  private ActorRef<Torrent.Command> torrent;
  /** True when {@link #torrent} is the publisher's, which this replica must not remove. */
  private boolean adopted;
  private String error = "";
  private Set<String> holders = Set.of();
  /** What this replica last told its torrent, so that a catalogue change sends only differences. */
  private Torrent.SetLimits appliedLimits;
  private List<Integer> appliedPriorities = List.of();
  /** A new incarnation arrived while a start was under way: start again once its result is in. */
  private boolean restartPending;
  /** Retiring, and the catalogue wants this replica again under a new incarnation. */
  private boolean wantedAgain;

  private TorrentReplica(ActorContext<Command> context, EntityContext<Command> entity, ReplicaContext node,
      TimerScheduler<Command> timers) {
    super(context);
    this.entity = entity;
    this.id = ReplicaId.parse(entity.getEntityId());
    this.hex = id.infoHash().hex();
    this.node = node;
    this.replicator = DistributedData.get(context.getSystem()).replicator();
    // One adapter for both keys: a second one would replace the first's message adapter (same class).
    var adapter = new ReplicatorMessageAdapter<Command, ReplicatedData>(context, replicator, STATUS_TIMEOUT);
    adapter.subscribe(anyKey(FleetKeys.catalogueKeyFor(hex)), this::onReplicated);
    adapter.subscribe(anyKey(FleetKeys.HOLDERS), this::onReplicated);
    timers.startTimerWithFixedDelay(Tick.INSTANCE, node.peerRefreshInterval());
    timers.startSingleTimer(GiveUpUnknown.INSTANCE, node.unknownGiveUp());
  }

  public static Behavior<Command> create(EntityContext<Command> entity, ReplicaContext node) {
    try {
      ReplicaId.parse(entity.getEntityId());
    } catch (IllegalArgumentException e) {
      return Behaviors.setup(ctx -> {
        ctx.getLog().warn("refusing entity {}: {}", entity.getEntityId(), e.getMessage());
        entity.getShard().tell(new ClusterSharding.Passivate<>(ctx.getSelf()));
        return Behaviors.receiveMessage(m -> m == Stop.INSTANCE ? Behaviors.stopped() : Behaviors.same());
      });
    }
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new TorrentReplica(ctx, entity, node, timers)));
  }

  @SuppressWarnings("unchecked")
  private static Key<ReplicatedData> anyKey(Key<? extends ReplicatedData> key) {
    return (Key<ReplicatedData>) key;
  }

  @SuppressWarnings("unchecked")
  private Command onReplicated(Replicator.SubscribeResponse<ReplicatedData> response) {
    boolean catalogue = !response.key().equals(FleetKeys.HOLDERS);
    if (!(response instanceof Replicator.Changed<ReplicatedData> changed)) {
      return catalogue ? new CatalogueChanged(null, false) : new HoldersChanged(Set.of());
    }
    if (catalogue) {
      var found = ((LWWMap<String, TorrentSpec>) changed.dataValue()).get(hex);
      return found.isDefined() ? new CatalogueChanged(found.get(), true) : new CatalogueChanged(null, false);
    }
    return new HoldersChanged(((ORMultiMap<String, String>) changed.dataValue()).getEntries().getOrDefault(hex, Set.of()));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(CatalogueChanged.class, this::onCatalogueChanged)
        .onMessage(HoldersChanged.class, this::onHoldersChanged)
        .onMessage(Added.class, this::onAdded)
        .onMessage(MetainfoFound.class, this::onMetainfoFound)
        .onMessage(MagnetStarted.class, this::onMagnetStarted)
        .onMessage(Ensure.class, this::onEnsure)
        .onMessage(GetStatus.class, g -> reply(g.replyTo()))
        .onMessage(StatusReady.class, this::onStatusReady)
        .onMessageEquals(TorrentStopped.INSTANCE, this::onTorrentStopped)
        .onMessage(Adopted.class, this::onAdopted)
        .onMessageEquals(Tick.INSTANCE, this::onTick)
        .onMessageEquals(GiveUpUnknown.INSTANCE, this::onGiveUpUnknown)
        .onMessageEquals(Stop.INSTANCE, this::onStop)
        .onMessageEquals(Recheck.INSTANCE, this::onRecheck)
        .onMessage(DeleteData.class, this::onDeleteData)
        .onMessage(Ignored.class, i -> this)
        .onSignal(PostStop.class, s -> onPostStop())
        .build();
  }

  private Behavior<Command> onCatalogueChanged(CatalogueChanged changed) {
    boolean wanted = changed.present() && id.replica() < changed.spec().getReplicas();
    if (phase == Phase.RETIRED) { // the shard will stop us: onStop asks for a new start if need be
      wantedAgain = wanted && spec != null && changed.spec().getIncarnation() != spec.getIncarnation();
      return this;
    }
    if (!wanted) {
      if (spec == null) {
        return this; // the local catalogue may lag behind the node that created us: wait for GiveUpUnknown
      }
      getContext().getLog().info("replica {} no longer wanted by the catalogue: stopping", id.entityId());
      return retire();
    }
    boolean reincarnated = spec != null && spec.getIncarnation() != changed.spec().getIncarnation();
    spec = changed.spec();
    if (reincarnated) {
      reincarnate();
    }
    if (phase == Phase.RUNNING) {
      applyTorrentSettings();
    }
    if (spec.getPaused()) {
      stopTorrent();
      phase = Phase.PAUSED;
    } else if (phase == Phase.WAITING || phase == Phase.PAUSED) {
      start();
    }
    return this;
  }

  /**
   * The torrent was removed and added again, perhaps between two catalogue notifications: what runs
   * may have lost its files or its download directory, so it starts afresh from the new spec.
   */
  private void reincarnate() {
    getContext().getLog().info("replica {}: removed and added again: starting afresh", id.entityId());
    if (phase == Phase.STARTING) {
      restartPending = true; // one start in flight at a time: its result triggers the new one
      return;
    }
    stopTorrent();
    if (phase != Phase.PAUSED) {
      phase = Phase.WAITING;
    }
  }

  /** The result of a start that a new incarnation overtook: drop what it started, start again. */
  private boolean restartIfPending(ActorRef<Torrent.Command> started) {
    if (!restartPending) {
      return false;
    }
    if (started != null) {
      node.session().tell(new Session.RemoveTorrent(id.infoHash()));
    }
    start();
    return true;
  }

  private void start() {
    restartPending = false;
    if (spec.getMetainfo().isEmpty()) { // the usual case: the .torrent is on the adding node, not in the catalogue
      phase = Phase.STARTING;
      node.metainfo().tell(new MetainfoService.Find(id.infoHash(), metainfoCandidates(),
          getContext().messageAdapter(MetainfoService.Found.class, MetainfoFound::new)));
      return;
    }
    try {
      startWith(Metainfo.parse(spec.getMetainfo().toByteArray()));
    } catch (MetainfoException e) {
      phase = Phase.ERROR;
      error = "bad metainfo in the catalogue: " + e.getMessage();
    }
  }

  /** The adding node first, then every other live member. */
  private List<String> metainfoCandidates() {
    List<String> candidates = new java.util.ArrayList<>();
    String self = node.self().clusterAddress();
    if (!spec.getOrigin().isEmpty() && !spec.getOrigin().equals(self)) {
      candidates.add(spec.getOrigin());
    }
    LiveMembers.of(getContext().getSystem()).stream().sorted()
        .filter(m -> !m.equals(self) && !candidates.contains(m)).forEach(candidates::add);
    return candidates;
  }

  private Behavior<Command> onMetainfoFound(MetainfoFound found) {
    if (phase != Phase.STARTING || torrent != null) {
      return this; // paused or retired while searching
    }
    if (restartIfPending(null)) {
      return this;
    }
    if (found.found().metainfo() == null && !spec.getMagnet().isEmpty()) {
      startMagnet(); // no node has the .torrent yet: fetch the metadata from peers (BEP 9)
      return this;
    }
    if (found.found().metainfo() == null) {
      phase = Phase.ERROR;
      error = found.found().error() + "; retrying";
      return this;
    }
    startWith(found.found().metainfo());
    return this;
  }

  /** Every writing node checks a custom directory against its own roots; false (and ERROR) when refused. */
  private boolean downloadDirAllowed() {
    if (spec.getDownloadDir().isEmpty()) {
      return true;
    }
    try {
      node.downloadRoots().check(spec.getDownloadDir());
      return true;
    } catch (io.seedfleet.cluster.DownloadRoots.OutsideRootsException e) {
      phase = Phase.ERROR;
      error = e.getMessage();
      return false;
    }
  }

  private void startMagnet() {
    if (!downloadDirAllowed()) {
      return;
    }
    io.seedfleet.engine.metainfo.MagnetLink link;
    try {
      link = io.seedfleet.engine.metainfo.MagnetLink.parse(spec.getMagnet());
    } catch (io.seedfleet.engine.metainfo.MagnetException e) {
      phase = Phase.ERROR;
      error = "bad magnet link in the catalogue: " + e.getMessage();
      return;
    }
    getContext().getLog().info("replica {}: fetching metadata by magnet", id.entityId());
    node.session().tell(new Session.AddMagnet(link, downloadDir(), otherHolders(),
        getContext().messageAdapter(Session.MagnetAdded.class, MagnetStarted::new)));
  }

  private Behavior<Command> onMagnetStarted(MagnetStarted started) {
    Session.MagnetAdded result = started.result();
    if (result.torrent() != null && result.metainfo() != null) {
      byte[] torrentFile = MagnetTorrentFile.of(result.metainfo().infoBytes(), magnetTrackers());
      node.metainfo().tell(new MetainfoService.Store(id.infoHash(), torrentFile));
      nameTheMagnet(result.metainfo());
    }
    return onAdded(new Added(new Session.AddResult(result.infoHash(), result.torrent(), result.error())));
  }

  /** A magnet's catalogue entry learns the name and size from the fetched metadata, for listings. */
  private void nameTheMagnet(Metainfo metainfo) {
    var selfAddress = DistributedData.get(getContext().getSystem()).selfUniqueAddress();
    replicator.tell(new Replicator.Update<>(FleetKeys.catalogueKeyFor(hex), LWWMap.<String, TorrentSpec>create(),
        Replicator.writeLocal(), getContext().getSystem().ignoreRef(), map -> {
          var current = map.get(hex);
          if (current.isEmpty() || current.get().getTotalLength() != 0) {
            return map;
          }
          return map.put(selfAddress, hex, current.get().toBuilder().setName(metainfo.name())
              .setTotalLength(metainfo.totalLength()).build());
        }));
  }

  private void startWith(Metainfo metainfo) {
    if (!downloadDirAllowed()) {
      return;
    }
    if (!metainfo.infoHash().equals(id.infoHash())) {
      phase = Phase.ERROR;
      error = "catalogue metainfo has info-hash " + metainfo.infoHash().hex() + ", not " + hex;
      return;
    }
    phase = Phase.STARTING;
    if (!spec.getMagnet().isEmpty()) {
      nameTheMagnet(metainfo); // the metadata was stored earlier: name the entry if it is new (a no-op else)
    }
    List<java.net.InetSocketAddress> peers = new java.util.ArrayList<>(otherHolders());
    peers.addAll(magnetPeers());
    node.session().tell(new Session.AddTorrent(metainfo, downloadDir(), peers,
        getContext().messageAdapter(Session.AddResult.class, Added::new)));
  }

  /** The magnet's x.pe peers: dialled whether this replica fetched the metadata or found it stored. */
  private List<java.net.InetSocketAddress> magnetPeers() {
    return parsedMagnet().map(io.seedfleet.engine.metainfo.MagnetLink::peers).orElse(List.of());
  }

  private List<String> magnetTrackers() {
    return parsedMagnet().map(io.seedfleet.engine.metainfo.MagnetLink::trackers).orElse(List.of());
  }

  private java.util.Optional<io.seedfleet.engine.metainfo.MagnetLink> parsedMagnet() {
    if (spec.getMagnet().isEmpty()) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(io.seedfleet.engine.metainfo.MagnetLink.parse(spec.getMagnet()));
    } catch (io.seedfleet.engine.metainfo.MagnetException e) {
      return java.util.Optional.empty(); // startMagnet reports it; a stored .torrent still works
    }
  }

  private Behavior<Command> onAdded(Added added) {
    Session.AddResult result = added.result();
    if (phase != Phase.STARTING) {
      if (result.torrent() != null) {
        node.session().tell(new Session.RemoveTorrent(id.infoHash())); // paused or retired meanwhile
      }
      return this;
    }
    if (restartIfPending(result.torrent())) {
      return this;
    }
    if (result.torrent() == null && node.published().contains(hex) && result.error() != null
        && result.error().contains("already running")) {
      adoptPublisherTorrent();
      return this;
    }
    if (result.torrent() == null) {
      boolean duplicate = result.error() != null && result.error().contains("already running");
      phase = duplicate ? Phase.CO_LOCATED : Phase.ERROR;
      error = duplicate ? "this torrent already runs on this node (another replica, or its publisher)"
          : String.valueOf(result.error());
      getContext().getLog().warn("replica {}: {}", id.entityId(), error);
      return this;
    }
    torrent = result.torrent();
    getContext().watchWith(torrent, TorrentStopped.INSTANCE);
    phase = Phase.RUNNING;
    error = "";
    updateHolders(true);
    applyTorrentSettings();
    return this;
  }

  private Behavior<Command> onHoldersChanged(HoldersChanged changed) {
    boolean grew = !holders.containsAll(changed.holders());
    holders = changed.holders();
    if (grew) {
      tellPeers();
    }
    return this;
  }

  private Behavior<Command> onTick() {
    if (phase == Phase.RUNNING) {
      tellPeers();
      if (!holders.contains(node.self().encode())) {
        updateHolders(true);
      }
    } else if (phase == Phase.CO_LOCATED || phase == Phase.ERROR && spec != null) {
      start(); // the other replica may have moved away, or the disk recovered
    }
    return this;
  }

  private Behavior<Command> onGiveUpUnknown() {
    if (spec == null) {
      getContext().getLog().info("replica {}: the catalogue does not know it, stopping", id.entityId());
      return retire();
    }
    return this;
  }

  /** Where this replica's files go: the spec's download directory, else the node's data directory. */
  private java.nio.file.Path downloadDir() {
    return spec != null && !spec.getDownloadDir().isEmpty() ? java.nio.file.Path.of(spec.getDownloadDir())
        : node.downloadDir(hex);
  }

  private Behavior<Command> onDeleteData(DeleteData delete) {
    boolean published = adopted || node.published().contains(hex);
    stopTorrent();
    phase = Phase.RETIRED;
    String outcome = "";
    if (published) {
      outcome = "published content stays where it was published";
    } else if (spec != null && !spec.getDownloadDir().isEmpty()) {
      outcome = "kept: files in a custom download directory (" + spec.getDownloadDir() + ") are not deleted";
    } else {
      try {
        DataDeletion.deleteTree(node.downloadDir(hex));
        getContext().getLog().info("replica {}: data deleted", id.entityId());
      } catch (java.io.IOException e) {
        outcome = "cannot delete " + node.downloadDir(hex) + ": " + e.getMessage();
        getContext().getLog().warn("replica {}: {}", id.entityId(), outcome);
      }
    }
    delete.replyTo().tell(StatusMapper.base(id, node).setState(TorrentStatus.State.UNKNOWN).setError(outcome).build());
    entity.getShard().tell(new ClusterSharding.Passivate<>(getContext().getSelf()));
    return this;
  }

  private Behavior<Command> onRecheck() {
    if (torrent != null) {
      getContext().getLog().info("replica {}: rechecking its data", id.entityId());
      torrent.tell(Torrent.Recheck.INSTANCE);
    }
    return this;
  }

  /** The catalogue's per-torrent limits and file priorities, told to the running torrent when they change. */
  private void applyTorrentSettings() {
    if (torrent == null || spec == null) {
      return;
    }
    int connections = spec.getMaxConnections() > 0 ? spec.getMaxConnections() : node.defaultTorrentConnections();
    Torrent.SetLimits limits = new Torrent.SetLimits(spec.getUploadLimit(), spec.getDownloadLimit(), connections);
    if (!limits.equals(appliedLimits)) {
      torrent.tell(limits);
      appliedLimits = limits;
    }
    List<Integer> priorities = spec.getFilePrioritiesList();
    if (!priorities.equals(appliedPriorities)) {
      int[] wanted = priorities.isEmpty()
          ? java.util.Collections.nCopies(appliedPriorities.size(), 1).stream().mapToInt(Integer::intValue).toArray()
          : priorities.stream().mapToInt(Integer::intValue).toArray();
      torrent.tell(new Torrent.SetFilePriorities(wanted));
      appliedPriorities = List.copyOf(priorities);
    }
  }

  private Behavior<Command> onTorrentStopped() {
    torrent = null;
    if (phase == Phase.RUNNING) {
      getContext().getLog().warn("replica {}: torrent stopped unexpectedly, restarting on the next tick", id.entityId());
      phase = Phase.ERROR;
      error = "torrent stopped unexpectedly";
      updateHolders(false);
    }
    return this;
  }

  private Behavior<Command> onEnsure(Ensure ensure) {
    return ensure.replyTo() == null ? this : reply(ensure.replyTo());
  }

  private Behavior<Command> reply(ActorRef<TorrentStatus> replyTo) {
    if (phase == Phase.RUNNING && torrent != null) {
      getContext().ask(io.seedfleet.engine.torrent.TorrentStatus.class, torrent, STATUS_TIMEOUT, Torrent.GetStatus::new,
          (status, failure) -> new StatusReady(status, replyTo));
      return this;
    }
    if (phase == Phase.CO_LOCATED) {
      coLocatedStatus(replyTo);
      return this;
    }
    replyTo.tell(StatusMapper.base(id, node).setState(switch (phase) {
      case WAITING, RETIRED -> TorrentStatus.State.UNKNOWN;
      case STARTING, RUNNING -> TorrentStatus.State.STARTING;
      case PAUSED -> TorrentStatus.State.PAUSED;
      case CO_LOCATED -> TorrentStatus.State.CO_LOCATED;
      case ERROR -> TorrentStatus.State.ERROR;
    }).setError(error).build());
    return this;
  }

  private Behavior<Command> onStatusReady(StatusReady ready) {
    if (phase == Phase.CO_LOCATED) { // the data this replica shares with the one running here
      ready.replyTo().tell(ready.status() == null
          ? StatusMapper.base(id, node).setState(TorrentStatus.State.CO_LOCATED).setError(error).build()
          : StatusMapper.fromEngine(id, node, ready.status()).toBuilder().setState(TorrentStatus.State.CO_LOCATED)
              .setError(error).setDownloadRate(0).setUploadRate(0).setConnectedPeers(0).build());
      return this;
    }
    ready.replyTo().tell(ready.status() == null
        ? StatusMapper.base(id, node).setState(TorrentStatus.State.ERROR).setError("engine did not answer").build()
        : StatusMapper.fromEngine(id, node, ready.status()));
    return this;
  }

  /**
   * A co-located replica has no torrent of its own: it reports the progress of the one this node
   * runs for the same info-hash (another replica, or the publisher), with no traffic of its own.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private void coLocatedStatus(ActorRef<TorrentStatus> replyTo) {
    var system = getContext().getSystem();
    ActorRef<Command> self = getContext().getSelf(); // the context is not for other threads
    org.apache.pekko.actor.typed.javadsl.AskPattern.<Session.Command, java.util.Map>ask(node.session(),
            r -> new Session.GetTorrents((ActorRef) r), STATUS_TIMEOUT, system.scheduler())
        .thenCompose(map -> {
          ActorRef<Torrent.Command> running = (ActorRef<Torrent.Command>) map.get(id.infoHash());
          return running == null
              ? java.util.concurrent.CompletableFuture.<io.seedfleet.engine.torrent.TorrentStatus>completedFuture(null)
              : org.apache.pekko.actor.typed.javadsl.AskPattern.<Torrent.Command, io.seedfleet.engine.torrent.TorrentStatus>ask(
                  running, Torrent.GetStatus::new, STATUS_TIMEOUT, system.scheduler());
        })
        .whenComplete((status, failure) -> self.tell(new StatusReady(status, replyTo)));
  }

  private Behavior<Command> retire() {
    stopTorrent();
    phase = Phase.RETIRED;
    entity.getShard().tell(new ClusterSharding.Passivate<>(getContext().getSelf()));
    return this;
  }

  /** The publisher's torrent on this node is this replica: it runs from the published path. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private void adoptPublisherTorrent() {
    getContext().ask((Class) java.util.Map.class, node.session(), STATUS_TIMEOUT,
        replyTo -> new Session.GetTorrents((ActorRef) replyTo), (map, failure) -> {
          Object ref = map == null ? null : ((java.util.Map<?, ?>) map).get(id.infoHash());
          return ref == null ? new Ignored() : new Adopted((ActorRef<io.seedfleet.engine.torrent.Torrent.Command>) ref);
        });
  }

  private Behavior<Command> onAdopted(Adopted adopted) {
    if (phase != Phase.STARTING) {
      return this;
    }
    restartPending = false; // the publisher's torrent does not change with the catalogue entry
    torrent = adopted.torrent();
    this.adopted = true;
    getContext().watchWith(torrent, TorrentStopped.INSTANCE);
    phase = Phase.RUNNING;
    error = "";
    updateHolders(true);
    applyTorrentSettings();
    return this;
  }

  private void stopTorrent() {
    appliedLimits = null;
    appliedPriorities = List.of();
    if (adopted) { // the publisher's torrent outlives this replica
      getContext().unwatch(torrent);
      torrent = null;
      adopted = false;
      updateHolders(false);
      return;
    }
    if (torrent != null || phase == Phase.STARTING) {
      node.session().tell(new Session.RemoveTorrent(id.infoHash()));
      if (torrent != null) {
        getContext().unwatch(torrent);
      }
      torrent = null;
      updateHolders(false);
    }
  }

  private Behavior<Command> onStop() {
    if (phase == Phase.RETIRED && wantedAgain) {
      // The shard buffers messages to an entity it is passivating and starts it again for them.
      getContext().getLog().info("replica {}: added again while retiring: asking to be started again", id.entityId());
      ClusterSharding.get(getContext().getSystem()).entityRefFor(TYPE_KEY, id.entityId()).tell(new Ensure(null));
    }
    return Behaviors.stopped();
  }

  private Behavior<Command> onPostStop() {
    stopTorrent();
    return this;
  }

  private void tellPeers() {
    List<java.net.InetSocketAddress> peers = otherHolders();
    if (torrent != null && !peers.isEmpty()) {
      torrent.tell(new Torrent.AddPeers(peers));
    }
  }

  private List<java.net.InetSocketAddress> otherHolders() {
    String self = node.self().encode();
    return Holder.live(holders, LiveMembers.of(getContext().getSystem())).stream()
        .filter(h -> !h.encode().equals(self)).map(Holder::resolvedBtAddress).toList();
  }

  private void updateHolders(boolean add) {
    var selfAddress = DistributedData.get(getContext().getSystem()).selfUniqueAddress();
    String self = node.self().encode();
    replicator.tell(new Replicator.Update<>(FleetKeys.HOLDERS, ORMultiMap.<String, String>create(),
        Replicator.writeLocal(), getContext().getSystem().ignoreRef(),
        map -> add ? map.addBinding(selfAddress, hex, self) : map.removeBinding(selfAddress, hex, self)));
  }
}
