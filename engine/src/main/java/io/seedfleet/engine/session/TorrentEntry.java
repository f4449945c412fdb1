package io.seedfleet.engine.session;

import io.seedfleet.engine.dormant.DormantTorrent;
import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.engine.torrent.Torrent;
import io.seedfleet.engine.torrent.TorrentStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * One torrent the session knows, running or dormant (docs/adr/0013-dormant-torrents.md). Owned
 * and changed only by the {@link Session} actor. Small on purpose: one exists per torrent.
 */
final class TorrentEntry {
  enum Phase {
    /** Its actor runs: commands go to {@link #live}. */
    LIVE,
    /** Its actor was told to stop; answers come from {@link #dormant}, other commands wait. */
    SLEEPING,
    /** Only {@link #dormant} is left. */
    DORMANT,
    /** Its .torrent copy is being read to start the actor; commands wait in {@link #pending}. */
    WAKING
  }

  static final long NOT_IDLE = Long.MIN_VALUE;

  final InfoHash infoHash;
  /**
   * What callers hold and watch: the actor itself when dormancy is off; with it on, a session
   * adapter that outlives the actor's sleeps and stops only when the torrent is removed.
   */
  ActorRef<Torrent.Command> handle;
  Phase phase = Phase.LIVE;
  /** Non-null in LIVE and SLEEPING. */
  ActorRef<Torrent.Command> live;
  /** Non-null in LIVE only: the actor's own, kept to tell whether it is private and to save its copy. */
  Metainfo metainfo;
  /** Non-null in SLEEPING, DORMANT and WAKING. */
  DormantTorrent dormant;
  Path downloadDir;
  boolean isPrivate;
  boolean hasTrackers;
  /** Its .torrent copy is on disk: it may sleep, and the index may list it. */
  boolean copySaved;
  /** False for a torrent restored from the index that no AddTorrent has asked for since the restart. */
  boolean claimed = true;
  /** What the queue last told it; re-told on waking. */
  boolean queued;
  /** The last limits and file priorities told through the handle; re-told on waking. Null = none. */
  Torrent.SetLimits limits;
  int[] filePriorities;
  /** The latest status seen by a sweep while it ran (for the index); null before the first. */
  TorrentStatus lastStatus;
  long idleSince = NOT_IDLE;
  /** Numbers the actor's name and its stop message, so that a stale one is told apart. */
  int generation;
  /** Commands that need the actor, received while it is not running; null when none. */
  List<Torrent.Command> pending;

  TorrentEntry(InfoHash infoHash, Path downloadDir) {
    this.infoHash = infoHash;
    this.downloadDir = downloadDir;
  }

  void hold(Torrent.Command command) {
    if (pending == null) {
      pending = new ArrayList<>(2);
    }
    pending.add(command);
  }

  List<Torrent.Command> takePending() {
    List<Torrent.Command> taken = pending == null ? List.of() : pending;
    pending = null;
    return taken;
  }

  int pendingCount() {
    return pending == null ? 0 : pending.size();
  }

  String actorName() {
    return generation == 0 ? "torrent-" + infoHash.hex() : "torrent-" + infoHash.hex() + "-" + generation;
  }
}
