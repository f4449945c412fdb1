package io.seedfleet.engine.torrent;

import io.seedfleet.engine.choke.ChokeDecision;
import io.seedfleet.engine.choke.Choker;
import io.seedfleet.engine.choke.PeerSnapshot;
import io.seedfleet.engine.discovery.TrackerClient;
import io.seedfleet.engine.discovery.TrackerTransports;
import io.seedfleet.engine.limit.LimitScope;
import io.seedfleet.engine.limit.Limits;
import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.engine.net.NetConnection;
import io.seedfleet.engine.peer.PeerConnection;
import io.seedfleet.engine.peer.PeerLink;
import io.seedfleet.engine.queue.SeedGoal;
import io.seedfleet.engine.resume.FastResume;
import io.seedfleet.engine.resume.ResumeStore;
import io.seedfleet.engine.storage.PieceLayout;
import io.seedfleet.engine.storage.TorrentStorage;
import io.seedfleet.engine.wire.Handshake;
import io.seedfleet.engine.wire.WireRules;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * One torrent: checks the data on disk, then downloads and seeds. It owns the storage, its piece
 * picker, its peer connections and the choker; peers report to it and it decides who is unchoked,
 * who is banned and who to dial next.
 */
public final class Torrent extends AbstractBehavior<Torrent.Command> {

  public sealed interface Command {}

  /** Addresses to dial (from the command line, a tracker, or the fleet). */
  public record AddPeers(List<InetSocketAddress> peers) implements Command {}

  /** An inbound connection whose handshake named this torrent; reading is paused. */
  public record Inbound(NetConnection connection, Handshake handshake, ByteBuffer leftover) implements Command {}

  public record GetStatus(ActorRef<TorrentStatus> replyTo) implements Command {}

  public enum Pause implements Command { INSTANCE }

  public enum Resume implements Command { INSTANCE }

  /** Set by the session's queue: wait for a slot (true) or run (false). */
  public record SetQueued(boolean queued) implements Command {}

  /** When to stop seeding; {@link SeedGoal#NONE} seeds forever. */
  public record SetSeedGoal(SeedGoal goal) implements Command {}

  /**
   * Changes this torrent's limits at once: rates in bytes per second (0 = unlimited), which apply
   * within the node's; connections over the new cap close, least useful first.
   */
  public record SetLimits(long uploadRate, long downloadRate, int maxConnections) implements Command {
    public SetLimits {
      new Limits(uploadRate, downloadRate, maxConnections); // validates
    }
  }

  public record GetLimits(ActorRef<Limits> replyTo) implements Command {}

  /** The node is over its connection cap: keep this share (0..1) of our connections, the most useful. */
  public record ShedConnections(double keepFraction) implements Command {}

  /**
   * Hashes all data again, ignoring the resume snapshot (libtorrent's force_recheck): closes the
   * connections, checks, rewrites the snapshot, then carries on; a paused torrent stays paused.
   */
  public enum Recheck implements Command { INSTANCE }

  /** Per-file priorities in torrent order: 0 = do not download, 1..7 higher first. */
  public record SetFilePriorities(int[] priorities) implements Command {}

  // From peer connections.
  public record PeerHandshaken(int key, ActorRef<PeerConnection.Command> connection, InetSocketAddress remote, byte[] peerId)
      implements Command {}

  public record PeerClosed(int key, InetSocketAddress remote, String reason, boolean misbehaved) implements Command {}

  /** Sent once a second; the byte counts are what moved since the previous report. */
  public record PeerStats(int key, PeerSnapshot snapshot, long downloaded, long uploaded) implements Command {}

  /** The peer's extended handshake arrived: its listen port ({@code p}) and whether it takes ut_pex. */
  public record PeerExtensions(int key, java.util.OptionalInt listenPort, boolean pex) implements Command {}

  // From the piece picker.
  public record PieceVerified(int piece, boolean complete) implements Command {}

  public record PieceFailed(int piece) implements Command {}

  public record BanPeer(int key, String reason) implements Command {}

  /** Writing or flushing failed; a full disk is waited out, anything else stops the torrent. */
  public record StorageFailed(String message, boolean diskFull) implements Command {}

  public record WantedChanged(int wantedRemaining) implements Command {}

  private record Checked(FastResume.Outcome outcome, Throwable error) implements Command {}

  private record ResumeSaveFailed(String reason) implements Command {}

  private enum ResumeTick implements Command { INSTANCE }

  private enum ChokeTick implements Command { INSTANCE }

  private enum DialTick implements Command { INSTANCE }

  private enum PexTick implements Command { INSTANCE }

  private enum SpaceTick implements Command { INSTANCE }

  /** How often a torrent stopped by a full disk looks for free space. */
  private static final Duration SPACE_CHECK_INTERVAL = Duration.ofSeconds(5);

  private static final Duration DIAL_INTERVAL = Duration.ofSeconds(1);
  /** New outgoing connections per second (libtorrent's connection_speed is 30): a tracker reply of 200 peers is dialed gradually. */
  private static final int MAX_DIALS_PER_SECOND = 30;
  /** How often a changed verified set is saved; a crash loses at most this much resume progress. */
  private static final Duration RESUME_SAVE_INTERVAL = Duration.ofSeconds(30);

  private final Metainfo metainfo;
  private final Path downloadDir;
  private final EngineContext engine;
  private final TimerScheduler<Command> timers;
  private final PeerRoster roster = new PeerRoster();
  private final Map<Integer, ActorRef<PeerConnection.Command>> connections = new HashMap<>();
  private final Map<Integer, InetSocketAddress> connectionAddresses = new HashMap<>();
  /** Every peer actor alive, handshaken or not: all of them must hear of newly verified pieces. */
  private final Map<Integer, ActorRef<PeerConnection.Command>> spawned = new HashMap<>();
  private final Map<Integer, PeerSnapshot> snapshots = new HashMap<>();
  private final Choker choker;
  private final AtomicInteger checkProgress = new AtomicInteger();
  /** Pieces read and hashed by the latest check: 0 after a start whose snapshot covered everything. */
  private final AtomicInteger piecesHashed = new AtomicInteger();
  /** Both null when fast resume is off. */
  private final FastResume fastResume;
  private final ResumeSaves resumeSaves;
  private int checks;
  private final WireRules.Geometry geometry;
  private TorrentStorage storage;
  private ActorRef<PiecePickerActor.Command> picker;
  private BitSet have = new BitSet();
  private int wantedRemaining;
  private TorrentState state = TorrentState.CHECKING;
  private boolean pausedByUser;
  private String error;
  private boolean waitingForSpace;
  private boolean queued;
  private SeedGoal seedGoal = SeedGoal.NONE;
  private long seededNanos;
  private long lastSeedTickNanos;
  private int nextKey;
  private long bytesDownloaded;
  private long bytesUploaded;
  private long hashFailures;
  private int[] filePriorities;
  private ActorRef<TrackerClient.Command> trackerClient;
  private long dialWindowStartNanos;
  private int dialsInWindow;
  private final PexRounds pex = new PexRounds();
  private final java.util.Set<Integer> inboundKeys = new java.util.HashSet<>();
  private final LimitScope limits;

  private Torrent(ActorContext<Command> context, TimerScheduler<Command> timers, Metainfo metainfo, Path downloadDir,
      EngineContext engine) {
    super(context);
    this.timers = timers;
    this.metainfo = metainfo;
    this.downloadDir = downloadDir;
    this.engine = engine;
    this.choker = new Choker(engine.settings().choker(), new Random());
    this.geometry = new WireRules.Geometry(metainfo.pieceCount(), metainfo.pieceLength(), metainfo.totalLength());
    this.wantedRemaining = metainfo.pieceCount();
    this.limits = new LimitScope(Limits.unlimitedRates(engine.settings().maxConnections()), System.nanoTime());
    this.fastResume = engine.resumeDir() == null ? null : new FastResume(new ResumeStore(engine.resumeDir()), metainfo);
    this.resumeSaves = fastResume == null ? null : new ResumeSaves(fastResume, engine.disk());
  }

  public static Behavior<Command> create(Metainfo metainfo, Path downloadDir, EngineContext engine) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      Torrent torrent = new Torrent(ctx, timers, metainfo, downloadDir, engine);
      torrent.openStorage();
      torrent.startCheck(false);
      return torrent;
    }));
  }

  private void openStorage() {
    try {
      storage = TorrentStorage.open(downloadDir, new PieceLayout(metainfo.files(), metainfo.pieceLength(), metainfo.totalLength()));
    } catch (Exception e) {
      fail("cannot open storage in " + downloadDir + ": " + e.getMessage());
    }
  }

  /** Off the actor: trust the resume snapshot where it holds, or hash everything ({@code full}). */
  private void startCheck(boolean full) {
    if (storage == null) {
      return;
    }
    TorrentStorage s = storage;
    FastResume resume = full ? null : fastResume;
    checkProgress.set(0);
    piecesHashed.set(0);
    java.util.function.IntConsumer progress = piece -> checkProgress.incrementAndGet();
    java.util.function.IntConsumer hashed = piece -> piecesHashed.incrementAndGet();
    FastResume.Source fullSource = full ? FastResume.Source.FORCED : FastResume.Source.FULL_CHECK;
    String fullReason = full ? "full check (forced)" : "full check (fast resume off)";
    CompletableFuture.supplyAsync(() -> {
          try {
            return resume != null ? resume.check(s, engine.hashPool(), progress, hashed)
                : new FastResume.Outcome(FastResume.fullCheck(s, metainfo, engine.hashPool(), progress, hashed),
                    fullSource, fullReason);
          } catch (Exception e) {
            throw new java.util.concurrent.CompletionException(e);
          }
        }, engine.disk())
        .whenComplete((outcome, e) -> getContext().getSelf().tell(new Checked(outcome, e)));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Checked.class, this::onChecked)
        .onMessage(AddPeers.class, this::onAddPeers)
        .onMessage(Inbound.class, this::onInbound)
        .onMessage(GetStatus.class, this::onGetStatus)
        .onMessage(Pause.class, p -> onPause())
        .onMessage(Resume.class, r -> onResume())
        .onMessage(Recheck.class, r -> onRecheck())
        .onMessage(ResumeTick.class, t -> saveResume())
        .onMessage(ResumeSaveFailed.class, this::onResumeSaveFailed)
        .onMessage(SetFilePriorities.class, this::onSetFilePriorities)
        .onMessage(SetQueued.class, this::onSetQueued)
        .onMessage(SetSeedGoal.class, this::onSetSeedGoal)
        .onMessage(SetLimits.class, this::onSetLimits)
        .onMessage(GetLimits.class, get -> {
          get.replyTo().tell(limits.limits());
          return this;
        })
        .onMessage(ShedConnections.class, shed ->
            closeLeastUseful(connections.size() - (int) Math.floor(connections.size() * shed.keepFraction() + 1e-9), "node connection limit"))
        .onMessage(PeerHandshaken.class, this::onPeerHandshaken)
        .onMessage(PeerClosed.class, this::onPeerClosed)
        .onMessage(PeerStats.class, this::onPeerStats)
        .onMessage(PieceVerified.class, this::onPieceVerified)
        .onMessage(PieceFailed.class, this::onPieceFailed)
        .onMessage(BanPeer.class, this::onBanPeer)
        .onMessage(StorageFailed.class, this::onStorageFailed)
        .onMessage(SpaceTick.class, t -> onSpaceTick())
        .onMessage(WantedChanged.class, this::onWantedChanged)
        .onMessage(ChokeTick.class, t -> onChokeTick())
        .onMessage(DialTick.class, t -> onDialTick())
        .onMessage(PeerExtensions.class, this::onPeerExtensions)
        .onMessage(PexTick.class, t -> onPexTick())
        .onSignal(PostStop.class, s -> onPostStop())
        .build();
  }

  private Behavior<Command> onPostStop() {
    saveResumeBeforeStop();
    if (storage != null) {
      try {
        storage.close();
      } catch (Exception e) {
        getContext().getLog().warn("{}: closing storage failed: {}", metainfo.name(), e.toString());
      }
    }
    return this;
  }

  private Behavior<Command> onChecked(Checked checked) {
    if (checked.error() != null) {
      return fail("checking failed: " + rootMessage(checked.error()));
    }
    have = checked.outcome().verified();
    wantedRemaining = metainfo.pieceCount() - have.cardinality();
    checks++;
    picker = getContext().spawn(PiecePickerActor.create(metainfo, storage, engine.disk(), getContext().getSelf(), have),
        checks == 1 ? "picker" : "picker-" + checks); // a stopped picker's name may still be taken
    if (filePriorities != null) {
      applyFilePriorities();
    }
    if (checked.outcome().source() == FastResume.Source.FULL_CHECK_SNAPSHOT_UNUSABLE) {
      getContext().getLog().warn("{}: {}", metainfo.name(), checked.outcome().summary());
    }
    getContext().getLog().info("{}: checked {} of {} pieces valid, {} hashed; {}", metainfo.name(), have.cardinality(),
        metainfo.pieceCount(), piecesHashed.get(), checked.outcome().summary());
    state = pausedByUser ? TorrentState.PAUSED : queued ? TorrentState.QUEUED : runningState();
    timers.startTimerWithFixedDelay(ChokeTick.INSTANCE, engine.settings().choker().round());
    timers.startTimerWithFixedDelay(DialTick.INSTANCE, DIAL_INTERVAL);
    if (isRunning()) {
      startTrackers();
    }
    startPex();
    startResumeSaves(checked.outcome());
    return onDialTick();
  }

  private Behavior<Command> onAddPeers(AddPeers add) {
    add.peers().forEach(roster::learn);
    return state == TorrentState.CHECKING ? this : onDialTick();
  }

  private Behavior<Command> onDialTick() {
    if (!isRunning()) {
      return this;
    }
    if (seedGoalReached()) {
      return finish();
    }
    int free = Math.min(limits.maxConnections() - connectionAddresses.size(), // pending dials count
        engine.nodeLimits().maxConnections() - engine.loop().openConnections());
    long now = System.nanoTime();
    if (now - dialWindowStartNanos >= DIAL_INTERVAL.toNanos()) {
      dialWindowStartNanos = now;
      dialsInWindow = 0;
    }
    int allowed = Math.min(free, MAX_DIALS_PER_SECOND - dialsInWindow);
    for (InetSocketAddress address : roster.dueForDial(Math.max(0, allowed), now)) {
      dialsInWindow++;
      int key = nextKey++;
      connectionAddresses.put(key, address);
      spawned.put(key, getContext().spawn(PeerConnection.outbound(link(key), address, (BitSet) have.clone()), "peer-" + key));
    }
    return this;
  }

  private Behavior<Command> onInbound(Inbound inbound) {
    boolean accepting = state == TorrentState.DOWNLOADING || state == TorrentState.SEEDING;
    if (!accepting || connections.size() >= limits.maxConnections()
        || roster.isBanned(inbound.connection().remoteAddress(), inbound.handshake().peerId().bytes())) {
      inbound.connection().close();
      return this;
    }
    int key = nextKey++;
    inboundKeys.add(key);
    connectionAddresses.put(key, inbound.connection().remoteAddress());
    spawned.put(key, getContext().spawn(
        PeerConnection.inbound(link(key), inbound.connection(), inbound.handshake(), inbound.leftover(), (BitSet) have.clone()),
        "peer-" + key));
    return this;
  }

  private PeerLink link(int key) {
    return new PeerLink(key, metainfo.infoHash(), engine.peerId(), geometry, storage, getContext().getSelf(), picker,
        engine.loop(), engine.disk(), engine.listenPort(), metainfo.infoBytesView(), !metainfo.isPrivate(),
        limits.uploadWithin(engine.nodeLimits()), limits.downloadWithin(engine.nodeLimits()));
  }

  private Behavior<Command> onPeerHandshaken(PeerHandshaken handshaken) {
    boolean active = state == TorrentState.DOWNLOADING || state == TorrentState.SEEDING;
    boolean overNodeLimit = engine.loop().openConnections() > engine.nodeLimits().maxConnections();
    if (!active || connections.size() >= limits.maxConnections() || overNodeLimit) {
      handshaken.connection().tell(new PeerConnection.Close(active ? "connection limit" : "torrent not active"));
      return this;
    }
    if (!roster.connected(handshaken.key(), connectionAddresses.get(handshaken.key()), handshaken.peerId())) {
      handshaken.connection().tell(new PeerConnection.Close("duplicate or banned peer"));
      return this;
    }
    connections.put(handshaken.key(), handshaken.connection());
    if (!inboundKeys.contains(handshaken.key())) {
      pex.connected(handshaken.key(), connectionAddresses.get(handshaken.key()), true);
    }
    return this;
  }

  private Behavior<Command> onPeerClosed(PeerClosed closed) {
    InetSocketAddress address = connectionAddresses.remove(closed.key());
    connections.remove(closed.key());
    spawned.remove(closed.key());
    pex.disconnected(closed.key());
    inboundKeys.remove(closed.key());
    snapshots.remove(closed.key());
    if (closed.misbehaved()) {
      getContext().getLog().warn("{}: closing {}: {}", metainfo.name(), closed.remote(), closed.reason());
      roster.ban(closed.key(), closed.remote());
    } else {
      getContext().getLog().debug("{}: {} closed: {}", metainfo.name(), closed.remote(), closed.reason());
    }
    if (address != null) {
      roster.disconnected(closed.key(), address, System.nanoTime());
    }
    return this;
  }

  private Behavior<Command> onPeerStats(PeerStats stats) {
    PeerSnapshot previous = snapshots.put(stats.key(), stats.snapshot());
    bytesDownloaded += stats.downloaded();
    bytesUploaded += stats.uploaded();
    boolean becameInterested = stats.snapshot().interested() && (previous == null || !previous.interested());
    if (becameInterested && !stats.snapshot().unchoked()) {
      long unchoked = snapshots.values().stream().filter(PeerSnapshot::unchoked).count();
      if (unchoked < engine.settings().choker().uploadSlots()) {
        return onChokeTick(); // a free slot: don't make a new leecher wait for the next round
      }
    }
    return this;
  }

  private Behavior<Command> onChokeTick() {
    if (!isRunning()) {
      return this;
    }
    reportToTrackers();
    ChokeDecision decision = choker.decide(List.copyOf(snapshots.values()), state == TorrentState.SEEDING, System.nanoTime());
    for (Map.Entry<Integer, ActorRef<PeerConnection.Command>> e : connections.entrySet()) {
      boolean unchoke = decision.unchoked().contains(e.getKey());
      e.getValue().tell(new PeerConnection.SetChoked(!unchoke));
    }
    return this;
  }

  private Behavior<Command> onPieceVerified(PieceVerified verified) {
    if (have.get(verified.piece())) {
      return this;
    }
    have.set(verified.piece());
    wantedRemaining = Math.max(0, wantedRemaining - 1);
    spawned.values().forEach(c -> c.tell(new PeerConnection.AnnounceHave(verified.piece())));
    if (verified.complete()) {
      wantedRemaining = 0;
      return onDownloadComplete();
    }
    return this;
  }

  private Behavior<Command> onDownloadComplete() {
    long started = System.nanoTime();
    try {
      storage.flush();
    } catch (Exception e) {
      return onStorageFailed(new StorageFailed("cannot flush data to disk: " + e.getMessage(), StorageFaults.isDiskFull(e)));
    }
    getContext().getLog().info("{}: download complete and flushed to disk in {} ms, seeding", metainfo.name(),
        (System.nanoTime() - started) / 1_000_000);
    if (state == TorrentState.DOWNLOADING) {
      state = TorrentState.SEEDING;
    }
    if (trackerClient != null && have.cardinality() == metainfo.pieceCount()) {
      reportToTrackers();
      trackerClient.tell(TrackerClient.Completed.INSTANCE);
    }
    saveResume();
    return onChokeTick();
  }

  private Behavior<Command> onWantedChanged(WantedChanged changed) {
    wantedRemaining = changed.wantedRemaining();
    if (wantedRemaining == 0 && state == TorrentState.DOWNLOADING) {
      return onDownloadComplete();
    }
    if (wantedRemaining > 0 && state == TorrentState.SEEDING) {
      state = TorrentState.DOWNLOADING;
    }
    return this;
  }

  private Behavior<Command> onPieceFailed(PieceFailed failed) {
    hashFailures++;
    getContext().getLog().warn("{}: piece {} failed its hash check; fetching it again", metainfo.name(), failed.piece());
    return this;
  }

  private Behavior<Command> onBanPeer(BanPeer ban) {
    InetSocketAddress address = connectionAddresses.get(ban.key());
    getContext().getLog().warn("{}: banning peer {}: {}", metainfo.name(), address != null ? address : "#" + ban.key(),
        ban.reason());
    roster.ban(ban.key(), address); // the roster remembers peers that already left
    ActorRef<PeerConnection.Command> connection = connections.get(ban.key());
    if (connection != null) {
      connection.tell(new PeerConnection.Close("banned: " + ban.reason()));
    }
    return this;
  }

  private Behavior<Command> onSetFilePriorities(SetFilePriorities set) {
    int[] priorities = set.priorities();
    if (priorities.length != metainfo.files().size()
        || java.util.Arrays.stream(priorities).anyMatch(p -> p < 0 || p > 7)) {
      getContext().getLog().warn("{}: ignoring file priorities: expected {} values in 0..7", metainfo.name(),
          metainfo.files().size());
      return this;
    }
    filePriorities = priorities.clone();
    if (picker != null) {
      applyFilePriorities();
    }
    return this;
  }

  private Behavior<Command> onSetLimits(SetLimits set) {
    limits.set(new Limits(set.uploadRate(), set.downloadRate(), set.maxConnections()), System.nanoTime());
    getContext().getLog().info("{}: limits now {}", metainfo.name(), limits.limits());
    return closeLeastUseful(connections.size() - set.maxConnections(), "connection limit lowered");
  }

  /** Closes {@code count} connections, those moving the fewest bytes first. */
  private Behavior<Command> closeLeastUseful(int count, String reason) {
    for (int key : LeastUseful.pick(connections.keySet(), snapshots, count)) {
      ActorRef<PeerConnection.Command> connection = connections.remove(key); // no longer counts against the cap
      connection.tell(new PeerConnection.Close(reason));
    }
    return this;
  }

  private void applyFilePriorities() {
    picker.tell(new PiecePickerActor.SetPiecePriorities(FilePriorities.toPiecePriorities(metainfo, filePriorities)));
  }

  private Behavior<Command> onPause() {
    pausedByUser = true;
    if (isRunning() || state == TorrentState.QUEUED || state == TorrentState.FINISHED) {
      stopRunning(TorrentState.PAUSED, "paused");
      saveResume();
    }
    return this;
  }

  private Behavior<Command> onResume() {
    pausedByUser = false;
    if (waitingForSpace) {
      return onSpaceTick(); // the operator says space was freed: look now rather than in 5 s
    }
    if (state == TorrentState.FINISHED) {
      getContext().getLog().info("{}: resumed after its seed goal; seeding without a goal now", metainfo.name());
      seedGoal = SeedGoal.NONE;
    }
    if (state == TorrentState.PAUSED || state == TorrentState.FINISHED) {
      return queued ? stopRunning(TorrentState.QUEUED, "queued") : startRunning();
    }
    return this;
  }

  // Queueing and seed goals: both stop a torrent without it being the operator's pause.

  private Behavior<Command> onSetQueued(SetQueued set) {
    queued = set.queued();
    if (queued && isRunning()) {
      return stopRunning(TorrentState.QUEUED, "queued");
    }
    if (!queued && state == TorrentState.QUEUED) {
      return startRunning();
    }
    return this;
  }

  private Behavior<Command> onSetSeedGoal(SetSeedGoal set) {
    seedGoal = set.goal();
    return seedGoalReached() ? finish() : this;
  }

  private boolean seedGoalReached() {
    long now = System.nanoTime();
    if (state == TorrentState.SEEDING && lastSeedTickNanos != 0) {
      seededNanos += now - lastSeedTickNanos;
    }
    lastSeedTickNanos = state == TorrentState.SEEDING ? now : 0;
    return state == TorrentState.SEEDING && !seedGoal.isNone()
        && seedGoal.reached(bytesUploaded, bytesDownloaded, metainfo.totalLength(), Duration.ofNanos(seededNanos));
  }

  private Behavior<Command> finish() {
    getContext().getLog().info("{}: seed goal reached (ratio {}, seeded {} s); stopping", metainfo.name(),
        String.format(java.util.Locale.ROOT, "%.2f", SeedGoal.ratio(bytesUploaded, bytesDownloaded, metainfo.totalLength())),
        seededNanos / 1_000_000_000L);
    return stopRunning(TorrentState.FINISHED, "seed goal reached");
  }

  private boolean isRunning() {
    return state == TorrentState.DOWNLOADING || state == TorrentState.SEEDING;
  }

  private TorrentState runningState() {
    return wantedRemaining == 0 ? TorrentState.SEEDING : TorrentState.DOWNLOADING;
  }

  private Behavior<Command> startRunning() {
    state = runningState();
    lastSeedTickNanos = 0;
    startTrackers();
    return onDialTick();
  }

  private Behavior<Command> stopRunning(TorrentState stopped, String reason) {
    boolean wasRunning = isRunning();
    state = stopped;
    if (wasRunning) {
      connections.values().forEach(c -> c.tell(new PeerConnection.Close(reason)));
      stopTrackers();
    }
    return this;
  }

  private Behavior<Command> onGetStatus(GetStatus get) {
    long down = 0;
    long up = 0;
    for (PeerSnapshot s : snapshots.values()) {
      down += s.downloadRate();
      up += s.uploadRate();
    }
    int verified = have.cardinality();
    long verifiedBytes = (long) verified * metainfo.pieceLength();
    if (have.get(metainfo.pieceCount() - 1)) {
      verifiedBytes -= metainfo.pieceLength() - metainfo.pieceSize(metainfo.pieceCount() - 1);
    }
    get.replyTo().tell(new TorrentStatus(metainfo.infoHash(), metainfo.name(), state, verified, metainfo.pieceCount(),
        wantedRemaining, metainfo.totalLength(), verifiedBytes, bytesDownloaded, bytesUploaded, down, up,
        connections.size(), checkProgress.get(), piecesHashed.get(), hashFailures, roster.bannedCount(), error));
    return this;
  }

  // Recheck and fast resume (docs/adr/0008-fast-resume.md).

  private Behavior<Command> onRecheck() {
    if (state == TorrentState.CHECKING || storage == null) {
      return this;
    }
    getContext().getLog().info("{}: recheck requested: hashing all data again", metainfo.name());
    spawned.values().forEach(c -> c.tell(new PeerConnection.Close("rechecking")));
    stopTrackers();
    if (picker != null) {
      getContext().stop(picker); // pieces it held for a full disk are fetched again
      picker = null;
    }
    waitingForSpace = false;
    timers.cancel(SpaceTick.INSTANCE);
    state = TorrentState.CHECKING;
    error = null;
    startCheck(true);
    return this;
  }

  private void startResumeSaves(FastResume.Outcome outcome) {
    if (fastResume == null) {
      return;
    }
    // A snapshot that decided everything and found no changed file is still exact; otherwise rewrite it now.
    // A new torrent with nothing on disk has nothing worth a write (thousands of them start at once).
    boolean nothingToRemember = outcome.source() == FastResume.Source.FULL_CHECK && have.isEmpty();
    resumeSaves.savedAs(outcome.source() == FastResume.Source.SNAPSHOT || nothingToRemember ? have : null);
    saveResume();
    timers.startTimerWithFixedDelay(ResumeTick.INSTANCE, RESUME_SAVE_INTERVAL);
  }

  /** Off the actor: flush, stamp the files, replace the snapshot (every piece in {@code have} was written). */
  private Behavior<Command> saveResume() {
    if (fastResume != null && storage != null && state != TorrentState.CHECKING) {
      ActorRef<Command> self = getContext().getSelf();
      resumeSaves.saveIfChanged(storage, have, reason -> self.tell(new ResumeSaveFailed(reason)));
    }
    return this;
  }

  private Behavior<Command> onResumeSaveFailed(ResumeSaveFailed failed) {
    getContext().getLog().warn("{}: cannot save the resume snapshot: {}; retrying later", metainfo.name(), failed.reason());
    resumeSaves.savedAs(null);
    return this;
  }

  private void saveResumeBeforeStop() {
    if (fastResume == null || storage == null || state == TorrentState.CHECKING || state == TorrentState.ERROR) {
      return;
    }
    try {
      resumeSaves.saveNow(storage, have);
    } catch (Exception e) {
      getContext().getLog().warn("{}: cannot save the resume snapshot at stop: {}", metainfo.name(), e.toString());
    }
  }

  // BEP 11 peer exchange: never for private torrents (BEP 27).

  private static final Duration PEX_TICK = Duration.ofSeconds(5);

  private void startPex() {
    if (!metainfo.isPrivate()) {
      timers.startTimerWithFixedDelay(PexTick.INSTANCE, PEX_TICK);
    }
  }

  private Behavior<Command> onPeerExtensions(PeerExtensions extensions) {
    if (!connections.containsKey(extensions.key())) {
      return this;
    }
    InetSocketAddress remote = connectionAddresses.get(extensions.key());
    if (inboundKeys.contains(extensions.key()) && remote != null && extensions.listenPort().isPresent()) {
      pex.connected(extensions.key(), new InetSocketAddress(remote.getAddress(), extensions.listenPort().getAsInt()), false);
    }
    if (extensions.pex() && !metainfo.isPrivate()) {
      pex.acceptsPex(extensions.key(), System.nanoTime());
    }
    return this;
  }

  private Behavior<Command> onPexTick() {
    pex.due(System.nanoTime()).forEach((key, message) -> {
      ActorRef<PeerConnection.Command> connection = connections.get(key);
      if (connection != null) {
        connection.tell(new PeerConnection.SendPex(message));
      }
    });
    return this;
  }

  // A full disk stops only this torrent, keeps what is verified, and resumes once space returns.

  private Behavior<Command> onStorageFailed(StorageFailed failed) {
    if (!failed.diskFull()) {
      return fail(failed.message());
    }
    if (waitingForSpace || state == TorrentState.ERROR) {
      return this;
    }
    fail("disk full, waiting for free space: " + failed.message());
    waitingForSpace = true;
    timers.startTimerWithFixedDelay(SpaceTick.INSTANCE, SPACE_CHECK_INTERVAL);
    return this;
  }

  private Behavior<Command> onSpaceTick() {
    if (!waitingForSpace || !StorageFaults.hasRoomAgain(downloadDir, bytesLeft(), metainfo.pieceLength())) {
      return this;
    }
    getContext().getLog().info("{}: free space returned, writing again", metainfo.name());
    waitingForSpace = false;
    timers.cancel(SpaceTick.INSTANCE);
    error = null;
    picker.tell(PiecePickerActor.WriteAgain.INSTANCE);
    if (pausedByUser || queued) {
      state = pausedByUser ? TorrentState.PAUSED : TorrentState.QUEUED;
      return this;
    }
    state = TorrentState.DOWNLOADING;
    startTrackers();
    onDialTick();
    return wantedRemaining == 0 ? onDownloadComplete() : this; // its final flush may be what failed
  }

  private Behavior<Command> fail(String message) {
    getContext().getLog().error("{}: {}", metainfo.name(), message);
    error = message;
    state = TorrentState.ERROR;
    connections.values().forEach(c -> c.tell(new PeerConnection.Close("torrent stopped: " + message)));
    stopTrackers();
    return this;
  }

  // Trackers: a child announces while the torrent is active; it says "stopped" when told or stopped.

  private void startTrackers() {
    if (trackerClient == null && !metainfo.announceTiers().isEmpty()) {
      trackerClient = getContext().spawnAnonymous(TrackerClient.create(metainfo.announceTiers(), metainfo.infoHash(),
          engine.peerId(), engine.listenPort(), bytesLeft(), getContext().getSelf(),
          TrackerTransports.get(getContext().getSystem())));
    }
  }

  private void stopTrackers() {
    if (trackerClient != null) {
      trackerClient.tell(TrackerClient.Stop.INSTANCE);
      trackerClient = null;
    }
  }

  private void reportToTrackers() {
    if (trackerClient != null) {
      trackerClient.tell(new TrackerClient.Progress(bytesUploaded, bytesDownloaded, bytesLeft()));
    }
  }

  private long bytesLeft() {
    long verifiedBytes = (long) have.cardinality() * metainfo.pieceLength();
    if (have.get(metainfo.pieceCount() - 1)) {
      verifiedBytes -= metainfo.pieceLength() - metainfo.pieceSize(metainfo.pieceCount() - 1);
    }
    return Math.max(0, metainfo.totalLength() - verifiedBytes);
  }

  private static String rootMessage(Throwable t) {
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }
}
