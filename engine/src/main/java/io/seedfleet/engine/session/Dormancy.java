package io.seedfleet.engine.session;

import io.seedfleet.engine.dormant.DormancyConfig;
import io.seedfleet.engine.dormant.DormantTorrent;
import io.seedfleet.engine.dormant.IdlePolicy;
import io.seedfleet.engine.limit.Limits;
import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.engine.torrent.Torrent;
import io.seedfleet.engine.torrent.TorrentState;
import io.seedfleet.engine.torrent.TorrentStatus;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * The session's dormant torrents (docs/adr/0013-dormant-torrents.md): routes commands to a
 * torrent that does not run, puts idle torrents to sleep, wakes them, restores them after a
 * restart and keeps the index saved. Not an actor: a part of the {@link Session}, called on its
 * thread only, with its context.
 */
final class Dormancy {
  private static final Duration SWEEP_STATUS_TIMEOUT = Duration.ofSeconds(10);
  /** Commands held for one torrent while it wakes; an inbound connection past it is closed. */
  private static final int MAX_PENDING = 64;
  /**
   * Dormant torrents woken per sweep to announce: after a long stop every tracker is due at once,
   * and each woken torrent opens its files; the rest wait for the next sweeps.
   */
  private static final int MAX_ANNOUNCE_WAKES = 200;

  private final ActorContext<Session.Command> context;
  private final Session session;
  private final TorrentRegistry torrents;
  private final DormantDisk files;
  private final DormancyConfig config;
  /** A torrent's connection cap before any limits are set: what a dormant one reports. */
  private final int defaultMaxConnections;
  private boolean restored;
  private boolean indexDirty;
  private boolean indexSaving;
  private long sleeps;
  private long wakes;

  Dormancy(ActorContext<Session.Command> context, Session session, TorrentRegistry torrents, DormantDisk files,
      DormancyConfig config, int defaultMaxConnections) {
    this.context = context;
    this.session = session;
    this.torrents = torrents;
    this.files = files;
    this.config = config;
    this.defaultMaxConnections = defaultMaxConnections;
  }

  /** Something the index lists changed (a torrent added). */
  void changed() {
    indexDirty = true;
  }

  /** The torrent was removed: its copy goes, and the index forgets it. */
  void removed(TorrentEntry entry) {
    files.deleteCopy(entry.infoHash);
    indexDirty = true;
  }

  void onIndexSaved() {
    indexSaving = false;
  }

  /** Its actor stopped to sleep: the record alone is left, unless commands came meanwhile. */
  void slept(TorrentEntry entry) {
    entry.phase = TorrentEntry.Phase.DORMANT;
    entry.live = null;
    entry.generation++;
    sleeps++;
    if (entry.pendingCount() > 0) {
      wake(entry);
    }
  }

  /** At the session's stop, after its torrents stopped and saved their snapshots. */
  void saveIndexAtStop() {
    if (restored) { // never replace an index not yet read with a partial one
      files.saveIndexNow(torrents.indexRecords());
    }
  }

  void route(TorrentEntry entry, Torrent.Command command) {
    boolean changed = DormantRouting.remember(entry, command);
    if (entry.phase == TorrentEntry.Phase.LIVE) {
      entry.live.tell(command);
      return;
    }
    if (entry.phase == TorrentEntry.Phase.WAKING || entry.pendingCount() > 0) {
      hold(entry, command); // behind the commands already waiting, in order
      return;
    }
    Limits defaults = Limits.unlimitedRates(defaultMaxConnections);
    if (DormantRouting.route(entry, command, changed, defaults) == DormantRouting.Action.WAKE) {
      hold(entry, command);
      if (entry.phase == TorrentEntry.Phase.DORMANT) {
        wake(entry);
      } // SLEEPING: woken once its actor has stopped
    }
  }

  private void hold(TorrentEntry entry, Torrent.Command command) {
    if (entry.pendingCount() >= MAX_PENDING) {
      DormantRouting.drop(command);
    } else {
      entry.hold(command);
    }
  }

  /** Reads the .torrent copy off the actor; {@link Session.CopyLoaded} starts the actor. */
  void wake(TorrentEntry entry) {
    entry.phase = TorrentEntry.Phase.WAKING;
    wakes++;
    InfoHash infoHash = entry.infoHash;
    ActorRef<Session.Command> self = context.getSelf();
    files.loadCopy(infoHash).whenComplete((metainfo, failure) -> self.tell(failure == null
        ? new Session.CopyLoaded(infoHash, metainfo, null) : new Session.CopyLoaded(infoHash, null, rootMessage(failure))));
  }

  void onCopyLoaded(Session.CopyLoaded loaded) {
    TorrentEntry entry = torrents.get(loaded.infoHash());
    if (entry == null || entry.phase != TorrentEntry.Phase.WAKING) {
      return;
    }
    if (loaded.metainfo() == null) {
      context.getLog().warn("{}: cannot wake: {}", entry.dormant.name(), loaded.error());
      entry.phase = TorrentEntry.Phase.DORMANT;
      entry.dormant = entry.dormant.failed(loaded.error());
      List<Torrent.Command> waiting = entry.takePending();
      waiting.forEach(command -> {
        if (DormantRouting.route(entry, command, false, Limits.unlimitedRates(defaultMaxConnections))
            == DormantRouting.Action.WAKE) {
          DormantRouting.drop(command);
        }
      });
      return;
    }
    DormantTorrent record = entry.dormant;
    session.startActor(entry, loaded.metainfo(), counters(record));
    if (record.state() == TorrentState.PAUSED) {
      entry.live.tell(Torrent.Pause.INSTANCE);
    }
    if (entry.queued) {
      entry.live.tell(new Torrent.SetQueued(true));
    }
    if (!session.seedGoal().isNone()) {
      entry.live.tell(new Torrent.SetSeedGoal(session.seedGoal()));
    }
    if (entry.limits != null) {
      entry.live.tell(entry.limits);
    }
    if (entry.filePriorities != null) {
      entry.live.tell(new Torrent.SetFilePriorities(entry.filePriorities.clone()));
    }
    entry.takePending().forEach(entry.live::tell);
    entry.dormant = null;
  }

  static Torrent.Counters counters(DormantTorrent record) {
    return new Torrent.Counters(record.bytesDownloaded(), record.bytesUploaded(), record.hashFailures());
  }

  void saveCopy(TorrentEntry entry, Metainfo metainfo) {
    if (files != null) {
      InfoHash infoHash = entry.infoHash;
      ActorRef<Session.Command> self = context.getSelf();
      files.saveCopy(infoHash, metainfo, entry.downloadDir).thenRun(() -> self.tell(new Session.CopySaved(infoHash)));
    }
  }

  private static String rootMessage(Throwable failure) {
    Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    return String.valueOf(cause.getMessage());
  }

  void onCopySaved(Session.CopySaved saved) {
    TorrentEntry entry = torrents.get(saved.infoHash());
    if (entry != null) {
      entry.copySaved = true;
      indexDirty = true;
    }
  }

  /** Asks every running torrent how it is; wakes dormant ones whose trackers are due; saves the index. */
  void onSweep() {
    long now = System.currentTimeMillis();
    boolean running = false;
    int announceWakes = 0;
    for (TorrentEntry entry : torrents.entries()) {
      if (entry.phase == TorrentEntry.Phase.LIVE) {
        running = true;
        InfoHash infoHash = entry.infoHash;
        int generation = entry.generation;
        context.ask(Torrent.SleepCheck.class, entry.live, SWEEP_STATUS_TIMEOUT, Torrent.GetSleepCheck::new,
            (check, failure) -> new Session.Swept(infoHash, generation, check));
      } else if (entry.phase == TorrentEntry.Phase.DORMANT && entry.dormant.wakeAtMillis() != 0
          && entry.dormant.wakeAtMillis() <= now && announceWakes < MAX_ANNOUNCE_WAKES) {
        announceWakes++;
        wake(entry); // it announces when its check is done, then sleeps again
      }
    }
    indexDirty |= running;
    saveIndexInBackground();
  }

  void onSwept(Session.Swept swept) {
    TorrentEntry entry = torrents.get(swept.infoHash());
    if (swept.check() == null || entry == null || entry.phase != TorrentEntry.Phase.LIVE
        || entry.generation != swept.generation()) {
      return;
    }
    TorrentStatus status = swept.check().status();
    entry.lastStatus = status;
    if (!entry.copySaved || entry.pendingCount() > 0 || !IdlePolicy.idle(status, !session.seedGoal().isNone())) {
      entry.idleSince = TorrentEntry.NOT_IDLE;
      return;
    }
    long now = System.nanoTime();
    if (entry.idleSince == TorrentEntry.NOT_IDLE) {
      entry.idleSince = now;
    }
    // Idle long enough, and its snapshot is on disk: stopping writes nothing and waits for nothing.
    if (now - entry.idleSince >= config.idleAfter().toNanos() && swept.check().snapshotCurrent()) {
      sleep(entry, status);
    }
  }

  /** Stops the actor (its snapshot is current: it stops without writing); the record answers from now on. */
  private void sleep(TorrentEntry entry, TorrentStatus status) {
    long wakeAt = entry.hasTrackers && status.state() == TorrentState.SEEDING
        ? System.currentTimeMillis() + config.announceInterval().toMillis() : 0;
    entry.dormant = DormantTorrent.of(status, entry.downloadDir, entry.isPrivate, entry.hasTrackers, wakeAt);
    entry.phase = TorrentEntry.Phase.SLEEPING;
    entry.metainfo = null;
    entry.lastStatus = null;
    context.stop(entry.live);
    indexDirty = true;
  }

  void onGetDormancy(Session.GetDormancy get) {
    get.replyTo().tell(torrents.stats(restored, sleeps, wakes));
  }

  // The index: read at start, written by the sweep when something changed and at stop.

  void startRestore() {
    ActorRef<Session.Command> self = context.getSelf();
    files.restore().thenAccept(restore -> self.tell(new Session.Restored(restore.torrents(), restore.source())));
  }

  void onRestored(Session.Restored restoredTorrents) {
    int woken = 0;
    for (DormantTorrent record : restoredTorrents.torrents()) {
      if (torrents.contains(record.infoHash()) || session.isFetching(record.infoHash())) {
        continue; // added again before the index was read
      }
      TorrentEntry entry = torrents.restored(record, session.newHandle(record.infoHash()));
      session.registered(entry);
      if (!IdlePolicy.mayStayDormant(record.state(), record.wantedRemaining(), false)) {
        wake(entry); // it was downloading (or checking) when the session stopped
        woken++;
      }
    }
    restored = true;
    context.getLog().info("restored {} torrents from the {}, {} of them woken at once",
        restoredTorrents.torrents().size(), restoredTorrents.source(), woken);
  }

  void saveIndexInBackground() {
    if (!indexDirty || indexSaving || !restored) {
      return;
    }
    indexDirty = false;
    indexSaving = true;
    List<DormantTorrent> records = torrents.indexRecords();
    ActorRef<Session.Command> self = context.getSelf();
    files.saveIndex(records).whenComplete((ok, e) -> self.tell(Session.IndexSaved.INSTANCE));
  }
}
