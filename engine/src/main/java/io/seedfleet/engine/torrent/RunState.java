package io.seedfleet.engine.torrent;

/**
 * Where a torrent is in its life ({@link TorrentState}) and what keeps it from running: the
 * operator's pause and the session's queue. Pure: each transition returns the {@link Change} the
 * torrent actor must carry out (trackers, connections, dialling). Owned by the torrent actor.
 */
final class RunState {
  /** What a transition asks of the actor. */
  enum Change {
    NONE,
    /** Runs now: start the seed clock and the trackers, dial. */
    START,
    /** Ran and stopped: close the connections, stop the trackers. */
    STOP,
    /** Went from one stopped state to another: nothing to close. */
    STOPPED
  }

  private TorrentState state = TorrentState.CHECKING;
  private boolean pausedByUser;
  private boolean queued;
  /** Why it is in {@link TorrentState#ERROR}; null otherwise. */
  private String error;

  TorrentState state() {
    return state;
  }

  String error() {
    return error;
  }

  boolean isRunning() {
    return state == TorrentState.DOWNLOADING || state == TorrentState.SEEDING;
  }

  boolean isSeeding() {
    return state == TorrentState.SEEDING;
  }

  boolean isChecking() {
    return state == TorrentState.CHECKING;
  }

  boolean isFinished() {
    return state == TorrentState.FINISHED;
  }

  boolean isError() {
    return state == TorrentState.ERROR;
  }

  /** The data check is done; returns whether the torrent runs now. */
  boolean checked(boolean wantedComplete) {
    state = pausedByUser ? TorrentState.PAUSED : queued ? TorrentState.QUEUED : running(wantedComplete);
    return isRunning();
  }

  Change pause() {
    pausedByUser = true;
    if (isRunning() || state == TorrentState.QUEUED || state == TorrentState.FINISHED) {
      return stop(TorrentState.PAUSED);
    }
    return Change.NONE;
  }

  /** The operator resumes it: a paused or finished torrent runs again, or waits in the queue. */
  Change resume(boolean wantedComplete) {
    pausedByUser = false;
    if (state == TorrentState.PAUSED || state == TorrentState.FINISHED) {
      return queued ? stop(TorrentState.QUEUED) : start(wantedComplete);
    }
    return Change.NONE;
  }

  /** The session's queue: wait for a slot ({@code true}) or run. */
  Change queued(boolean queued, boolean wantedComplete) {
    this.queued = queued;
    if (queued && isRunning()) {
      return stop(TorrentState.QUEUED);
    }
    if (!queued && state == TorrentState.QUEUED) {
      return start(wantedComplete);
    }
    return Change.NONE;
  }

  /** The seed goal is reached. */
  Change finish() {
    return stop(TorrentState.FINISHED);
  }

  /** Every wanted piece is on disk. */
  void downloadComplete() {
    if (state == TorrentState.DOWNLOADING) {
      state = TorrentState.SEEDING;
    }
  }

  /**
   * The wanted set changed (file priorities): returns true when that completes the download,
   * which the actor then finishes; a seeding torrent that wants more downloads again.
   */
  boolean wantedChanged(boolean wantedComplete) {
    if (wantedComplete && state == TorrentState.DOWNLOADING) {
      return true;
    }
    if (!wantedComplete && state == TorrentState.SEEDING) {
      state = TorrentState.DOWNLOADING;
    }
    return false;
  }

  void recheck() {
    state = TorrentState.CHECKING;
    error = null;
  }

  void failed(String message) {
    state = TorrentState.ERROR;
    error = message;
  }

  /**
   * Free space returned after a full disk: returns true when the torrent downloads again (its
   * final flush may be what failed), false when the operator or the queue holds it.
   */
  boolean spaceReturned() {
    error = null;
    if (pausedByUser || queued) {
      state = pausedByUser ? TorrentState.PAUSED : TorrentState.QUEUED;
      return false;
    }
    state = TorrentState.DOWNLOADING;
    return true;
  }

  private Change start(boolean wantedComplete) {
    state = running(wantedComplete);
    return Change.START;
  }

  private Change stop(TorrentState stopped) {
    boolean wasRunning = isRunning();
    state = stopped;
    return wasRunning ? Change.STOP : Change.STOPPED;
  }

  private static TorrentState running(boolean wantedComplete) {
    return wantedComplete ? TorrentState.SEEDING : TorrentState.DOWNLOADING;
  }
}
