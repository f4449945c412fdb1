package io.seedfleet.engine.torrent;

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
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * One torrent: checks the data on disk, then downloads and seeds. It owns the storage, its piece
 * picker and its {@link Swarm} (peer connections, choker); peers report to it and it decides who is
 * unchoked, who is banned and who to dial next.
 */
public final class Torrent extends AbstractBehavior<Torrent.Command> {
  /**
   * Torrents, their pickers and peer connections run on their own dispatcher (reference.conf):
   * each batch of blocks goes network loop -> peer -> picker, and on one thread a message to the
   * next actor needs no other thread woken.
   */
  public static final DispatcherSelector DISPATCHER = DispatcherSelector.fromConfig("seedfleet.torrent-dispatcher");


  public sealed interface Command {}

  /** Addresses to dial (from the command line, a tracker, or the fleet). */
  public record AddPeers(List<InetSocketAddress> peers) implements Command {}

  /** An inbound connection whose handshake named this torrent; reading is paused. */
  public record Inbound(NetConnection connection, Handshake handshake, ByteBuffer leftover) implements Command {}

  public record GetStatus(ActorRef<TorrentStatus> replyTo) implements Command {}

  /** The session asks whether this torrent may sleep (docs/adr/0013-dormant-torrents.md). */
  public record GetSleepCheck(ActorRef<SleepCheck> replyTo) implements Command {}

  /**
   * @param snapshotCurrent the resume snapshot on disk says exactly what is verified and no write is
   *     in flight: stopping now writes nothing and waits for nothing, and waking needs no hashing
   */
  public record SleepCheck(TorrentStatus status, boolean snapshotCurrent) {}

  public enum Pause implements Command { INSTANCE }

  public enum Resume implements Command { INSTANCE }

  /**
   * What a torrent woken from dormancy carries over from its earlier run, so that its status and
   * seed ratio go on where they stopped (docs/adr/0013-dormant-torrents.md).
   */
  public record Counters(long bytesDownloaded, long bytesUploaded, long hashFailures) {
    public static final Counters ZERO = new Counters(0, 0, 0);
  }

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
  /** How often a changed verified set is saved; a crash loses at most this much resume progress. */
  private static final Duration RESUME_SAVE_INTERVAL = Duration.ofSeconds(30);
  /** Inbound connections held while checking (a woken torrent's first peer is one); more are closed. */
  private static final int MAX_HELD_INBOUND = 16;

  private final Metainfo metainfo;
  private final Path downloadDir;
  private final EngineContext engine;
  private final TimerScheduler<Command> timers;
  private final Swarm swarm;
  /** Null when fast resume is off. */
  private final ResumeSaves resumeSaves;
  private final DataCheck check;
  private int checks;
  private final WireRules.Geometry geometry;
  private TorrentStorage storage;
  private ActorRef<PiecePickerActor.Command> picker;
  /** The picker's pieces in assembly, where the connections land the blocks they requested. */
  private PieceBuffers pieceBuffers;
  private final VerifiedPieces pieces;
  private final RunState run = new RunState();
  private final DiskSpaceWait spaceWait;
  private final SeedGoalClock seedGoal = new SeedGoalClock();
  private long bytesDownloaded;
  private long bytesUploaded;
  private long hashFailures;
  private int[] filePriorities;
  private final TrackerAnnounces trackers = new TrackerAnnounces();
  private final LimitScope limits;
  /** Inbound connections that arrived while checking; admitted (or closed) once it is done. */
  private final List<Inbound> heldInbound = new java.util.ArrayList<>(0);

  private Torrent(ActorContext<Command> context, TimerScheduler<Command> timers, Metainfo metainfo, Path downloadDir,
      EngineContext engine, Counters counters) {
    super(context);
    this.bytesDownloaded = counters.bytesDownloaded();
    this.bytesUploaded = counters.bytesUploaded();
    this.hashFailures = counters.hashFailures();
    this.timers = timers;
    this.metainfo = metainfo;
    this.downloadDir = downloadDir;
    this.engine = engine;
    this.swarm = new Swarm(metainfo.isPrivate(), engine.settings().choker());
    this.geometry = new WireRules.Geometry(metainfo.pieceCount(), metainfo.pieceLength(), metainfo.totalLength());
    this.pieces = new VerifiedPieces(metainfo);
    this.limits = new LimitScope(Limits.unlimitedRates(engine.settings().maxConnections()), System.nanoTime());
    FastResume fastResume = engine.resumeDir() == null ? null : new FastResume(new ResumeStore(engine.resumeDir()), metainfo);
    this.resumeSaves = fastResume == null ? null : new ResumeSaves(fastResume, engine.disk());
    this.check = new DataCheck(metainfo, fastResume, engine.disk(), engine.hashPool());
    this.spaceWait = new DiskSpaceWait(downloadDir, metainfo.pieceLength());
  }

  public static Behavior<Command> create(Metainfo metainfo, Path downloadDir, EngineContext engine) {
    return create(metainfo, downloadDir, engine, Counters.ZERO);
  }

  /** A torrent that goes on from {@code counters} (woken from dormancy). */
  public static Behavior<Command> create(Metainfo metainfo, Path downloadDir, EngineContext engine, Counters counters) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      Torrent torrent = new Torrent(ctx, timers, metainfo, downloadDir, engine, counters);
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
    ActorRef<Command> self = getContext().getSelf();
    check.start(storage, full).whenComplete((outcome, e) -> self.tell(new Checked(outcome, e)));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Checked.class, this::onChecked)
        .onMessage(AddPeers.class, this::onAddPeers)
        .onMessage(Inbound.class, this::onInbound)
        .onMessage(GetStatus.class, this::onGetStatus)
        .onMessage(GetSleepCheck.class, check -> {
          check.replyTo().tell(new SleepCheck(status(), resumeSaves != null && !run.isChecking()
              && resumeSaves.current(pieces.bitfield())));
          return this;
        })
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
        .onMessage(ShedConnections.class, this::onShedConnections)
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
    heldInbound.forEach(held -> held.connection().close());
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
      return fail("checking failed: " + DataCheck.rootMessage(checked.error()));
    }
    pieces.checked(checked.outcome().verified());
    checks++;
    pieceBuffers = new PieceBuffers(metainfo.pieceLength(), metainfo.totalLength());
    picker = getContext().spawn(PiecePickerActor.create(metainfo, storage, engine.disk(), getContext().getSelf(),
            pieces.bitfield(), pieceBuffers),
        checks == 1 ? "picker" : "picker-" + checks, DISPATCHER); // a stopped picker's name may still be taken
    if (filePriorities != null) {
      applyFilePriorities();
    }
    if (checked.outcome().source() == FastResume.Source.FULL_CHECK_SNAPSHOT_UNUSABLE) {
      getContext().getLog().warn("{}: {}", metainfo.name(), checked.outcome().summary());
    }
    getContext().getLog().info("{}: checked {} of {} pieces valid, {} hashed; {}", metainfo.name(), pieces.count(),
        metainfo.pieceCount(), check.hashed(), checked.outcome().summary());
    boolean running = run.checked(pieces.wantedComplete());
    timers.startTimerWithFixedDelay(ChokeTick.INSTANCE, engine.settings().choker().round());
    timers.startTimerWithFixedDelay(DialTick.INSTANCE, Swarm.DIAL_INTERVAL);
    if (running) {
      startTrackers();
    }
    startPex();
    startResumeSaves(checked.outcome());
    List<Inbound> held = List.copyOf(heldInbound);
    heldInbound.clear();
    held.forEach(this::onInbound);
    return onDialTick();
  }

  private Behavior<Command> onAddPeers(AddPeers add) {
    swarm.learn(add.peers());
    return run.isChecking() ? this : onDialTick();
  }

  private Behavior<Command> onDialTick() {
    if (!run.isRunning()) {
      return this;
    }
    if (seedGoalReached()) {
      return finish();
    }
    for (InetSocketAddress address : swarm.dueForDial(limits.maxConnections(), engine.nodeLimits().maxConnections(),
        engine.loop().openConnections(), System.nanoTime())) {
      int key = swarm.newKey();
      BitSet have = (BitSet) pieces.bitfield().clone();
      swarm.spawned(key, getContext().spawn(PeerConnection.outbound(link(key), address, have), "peer-" + key, DISPATCHER), address,
          false);
    }
    return this;
  }

  private Behavior<Command> onInbound(Inbound inbound) {
    InetSocketAddress remote = inbound.connection().remoteAddress();
    if (run.isChecking() && picker == null && heldInbound.size() < MAX_HELD_INBOUND) {
      heldInbound.add(inbound); // its reading stays paused until the check is done
      return this;
    }
    if (!run.isRunning() || !swarm.admits(remote, inbound.handshake().peerId().bytes(), limits.maxConnections())) {
      inbound.connection().close();
      return this;
    }
    int key = swarm.newKey();
    BitSet have = (BitSet) pieces.bitfield().clone();
    swarm.spawned(key, getContext().spawn(
        PeerConnection.inbound(link(key), inbound.connection(), inbound.handshake(), inbound.leftover(), have),
        "peer-" + key, DISPATCHER), remote, true);
    return this;
  }

  private PeerLink link(int key) {
    return new PeerLink(key, metainfo.infoHash(), engine.peerId(), geometry, storage, getContext().getSelf(), picker,
        engine.loop(), engine.disk(), engine.listenPort(), metainfo.infoBytesView(), !metainfo.isPrivate(),
        limits.uploadWithin(engine.nodeLimits()), limits.downloadWithin(engine.nodeLimits()), pieceBuffers);
  }

  private Behavior<Command> onPeerHandshaken(PeerHandshaken handshaken) {
    boolean active = run.isRunning();
    boolean overNodeLimit = engine.loop().openConnections() > engine.nodeLimits().maxConnections();
    if (!active || swarm.connectedCount() >= limits.maxConnections() || overNodeLimit) {
      handshaken.connection().tell(new PeerConnection.Close(active ? "connection limit" : "torrent not active"));
      return this;
    }
    swarm.handshaken(handshaken);
    return this;
  }

  private Behavior<Command> onPeerClosed(PeerClosed closed) {
    if (closed.misbehaved()) {
      getContext().getLog().warn("{}: closing {}: {}", metainfo.name(), closed.remote(), closed.reason());
    } else {
      getContext().getLog().debug("{}: {} closed: {}", metainfo.name(), closed.remote(), closed.reason());
    }
    swarm.closed(closed.key(), closed.remote(), closed.misbehaved(), System.nanoTime());
    return this;
  }

  private Behavior<Command> onPeerStats(PeerStats stats) {
    bytesDownloaded += stats.downloaded();
    bytesUploaded += stats.uploaded();
    return swarm.reported(stats.key(), stats.snapshot()) ? onChokeTick() : this;
  }

  private Behavior<Command> onChokeTick() {
    if (!run.isRunning()) {
      return this;
    }
    trackers.progress(bytesUploaded, bytesDownloaded, pieces.bytesLeft());
    swarm.chokeRound(run.isSeeding(), System.nanoTime());
    return this;
  }

  private Behavior<Command> onPieceVerified(PieceVerified verified) {
    if (!pieces.add(verified.piece())) {
      return this;
    }
    swarm.announceHave(verified.piece());
    if (verified.complete()) {
      pieces.wantedRemaining(0);
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
    run.downloadComplete();
    if (pieces.all()) {
      trackers.completed(bytesUploaded, bytesDownloaded, pieces.bytesLeft());
    }
    saveResume();
    return onChokeTick();
  }

  private Behavior<Command> onWantedChanged(WantedChanged changed) {
    pieces.wantedRemaining(changed.wantedRemaining());
    return run.wantedChanged(pieces.wantedComplete()) ? onDownloadComplete() : this;
  }

  private Behavior<Command> onPieceFailed(PieceFailed failed) {
    hashFailures++;
    getContext().getLog().warn("{}: piece {} failed its hash check; fetching it again", metainfo.name(), failed.piece());
    return this;
  }

  private Behavior<Command> onBanPeer(BanPeer ban) {
    InetSocketAddress address = swarm.remote(ban.key());
    getContext().getLog().warn("{}: banning peer {}: {}", metainfo.name(), address != null ? address : "#" + ban.key(),
        ban.reason());
    swarm.ban(ban.key(), address, ban.reason());
    return this;
  }

  private Behavior<Command> onSetFilePriorities(SetFilePriorities set) {
    int[] priorities = set.priorities();
    if (!FilePriorities.fit(metainfo, priorities)) {
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
    swarm.shedOver(set.maxConnections(), "connection limit lowered");
    return this;
  }

  private Behavior<Command> onShedConnections(ShedConnections shed) {
    swarm.shedToFraction(shed.keepFraction(), "node connection limit");
    return this;
  }

  private void applyFilePriorities() {
    picker.tell(new PiecePickerActor.SetPiecePriorities(FilePriorities.toPiecePriorities(metainfo, filePriorities)));
  }

  private Behavior<Command> onPause() {
    RunState.Change change = run.pause();
    if (change != RunState.Change.NONE) {
      apply(change, "paused");
      saveResume();
    }
    return this;
  }

  private Behavior<Command> onResume() {
    boolean afterSeedGoal = run.isFinished();
    RunState.Change change = run.resume(pieces.wantedComplete());
    if (spaceWait.isWaiting()) { // it is then in ERROR, which resuming leaves as it is
      return onSpaceTick(); // the operator says space was freed: look now rather than in 5 s
    }
    if (afterSeedGoal) {
      getContext().getLog().info("{}: resumed after its seed goal; seeding without a goal now", metainfo.name());
      seedGoal.dropGoal();
    }
    return apply(change, "queued");
  }

  // Queueing and seed goals: both stop a torrent without it being the operator's pause.

  private Behavior<Command> onSetQueued(SetQueued set) {
    return apply(run.queued(set.queued(), pieces.wantedComplete()), "queued");
  }

  private Behavior<Command> onSetSeedGoal(SetSeedGoal set) {
    seedGoal.goal(set.goal());
    return seedGoalReached() ? finish() : this;
  }

  private boolean seedGoalReached() {
    return seedGoal.reached(run.isSeeding(), bytesUploaded, bytesDownloaded, metainfo.totalLength(),
        System.nanoTime());
  }

  private Behavior<Command> finish() {
    getContext().getLog().info("{}: seed goal reached (ratio {}, seeded {} s); stopping", metainfo.name(),
        String.format(java.util.Locale.ROOT, "%.2f", SeedGoal.ratio(bytesUploaded, bytesDownloaded, metainfo.totalLength())),
        seedGoal.seededSeconds());
    return apply(run.finish(), "seed goal reached");
  }

  /** Carries out a run-state change; {@code reason} tells the peers why a stop closes them. */
  private Behavior<Command> apply(RunState.Change change, String reason) {
    switch (change) {
      case START -> {
        seedGoal.restart();
        startTrackers();
        return onDialTick();
      }
      case STOP -> {
        swarm.closeConnected(reason);
        trackers.stop();
      }
      case STOPPED, NONE -> {}
    }
    return this;
  }

  private Behavior<Command> onGetStatus(GetStatus get) {
    get.replyTo().tell(status());
    return this;
  }

  private TorrentStatus status() {
    return new TorrentStatus(metainfo.infoHash(), metainfo.name(), run.state(), pieces.count(),
        metainfo.pieceCount(), pieces.wantedRemaining(), metainfo.totalLength(), pieces.verifiedBytes(), bytesDownloaded,
        bytesUploaded, swarm.downloadRate(), swarm.uploadRate(), swarm.connectedCount(), check.examined(), check.hashed(),
        hashFailures, swarm.bannedCount(), run.error());
  }

  // Recheck and fast resume (docs/adr/0008-fast-resume.md).

  private Behavior<Command> onRecheck() {
    if (run.isChecking() || storage == null) {
      return this;
    }
    getContext().getLog().info("{}: recheck requested: hashing all data again", metainfo.name());
    swarm.closeAll("rechecking");
    trackers.stop();
    if (picker != null) {
      getContext().stop(picker); // pieces it held for a full disk are fetched again
      picker = null;
    }
    spaceWait.cancel();
    timers.cancel(SpaceTick.INSTANCE);
    run.recheck();
    startCheck(true);
    return this;
  }

  private void startResumeSaves(FastResume.Outcome outcome) {
    if (resumeSaves == null) {
      return;
    }
    resumeSaves.checked(outcome, pieces.bitfield());
    saveResume();
    timers.startTimerWithFixedDelay(ResumeTick.INSTANCE, RESUME_SAVE_INTERVAL);
  }

  /** Off the actor: flush, stamp the files, replace the snapshot (every verified piece was written). */
  private Behavior<Command> saveResume() {
    if (resumeSaves != null && storage != null && !run.isChecking()) {
      ActorRef<Command> self = getContext().getSelf();
      resumeSaves.saveIfChanged(storage, pieces.bitfield(), reason -> self.tell(new ResumeSaveFailed(reason)));
    }
    return this;
  }

  private Behavior<Command> onResumeSaveFailed(ResumeSaveFailed failed) {
    getContext().getLog().warn("{}: cannot save the resume snapshot: {}; retrying later", metainfo.name(), failed.reason());
    resumeSaves.savedAs(null);
    return this;
  }

  private void saveResumeBeforeStop() {
    if (resumeSaves == null || storage == null || run.isChecking() || run.isError()) {
      return;
    }
    try {
      resumeSaves.saveNow(storage, pieces.bitfield());
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
    swarm.extensions(extensions, System.nanoTime());
    return this;
  }

  private Behavior<Command> onPexTick() {
    swarm.pexRound(System.nanoTime());
    return this;
  }

  // A full disk stops only this torrent, keeps what is verified, and resumes once space returns.

  private Behavior<Command> onStorageFailed(StorageFailed failed) {
    if (!failed.diskFull()) {
      return fail(failed.message());
    }
    if (spaceWait.isWaiting() || run.isError()) {
      return this;
    }
    fail("disk full, waiting for free space: " + failed.message());
    spaceWait.start();
    timers.startTimerWithFixedDelay(SpaceTick.INSTANCE, SPACE_CHECK_INTERVAL);
    return this;
  }

  private Behavior<Command> onSpaceTick() {
    if (!spaceWait.spaceReturned(pieces.bytesLeft())) {
      return this;
    }
    getContext().getLog().info("{}: free space returned, writing again", metainfo.name());
    timers.cancel(SpaceTick.INSTANCE);
    picker.tell(PiecePickerActor.WriteAgain.INSTANCE);
    if (!run.spaceReturned()) {
      return this;
    }
    startTrackers();
    onDialTick();
    return pieces.wantedComplete() ? onDownloadComplete() : this; // its final flush may be what failed
  }

  private Behavior<Command> fail(String message) {
    getContext().getLog().error("{}: {}", metainfo.name(), message);
    run.failed(message);
    heldInbound.forEach(held -> held.connection().close());
    heldInbound.clear();
    swarm.closeConnected("torrent stopped: " + message);
    trackers.stop();
    return this;
  }

  private void startTrackers() {
    if (!metainfo.announceTiers().isEmpty()) {
      trackers.start(() -> getContext().spawnAnonymous(TrackerClient.create(metainfo.announceTiers(), metainfo.infoHash(),
          engine.peerId(), engine.listenPort(), pieces.bytesLeft(), getContext().getSelf(),
          TrackerTransports.get(getContext().getSystem()))));
    }
  }
}
