package io.seedfleet.engine.dormant;

import io.seedfleet.engine.torrent.TorrentState;
import io.seedfleet.engine.torrent.TorrentStatus;

/**
 * Which torrents may sleep. Downloading never does; a torrent that seeds with a seed goal does not
 * either (its seed clock runs only while it is awake); finished and failed ones stay awake so that
 * their semantics stay the torrent actor's.
 */
public final class IdlePolicy {
  private IdlePolicy() {}

  /** Whether a torrent in this state, with no connection, has nothing due. */
  public static boolean mayStayDormant(TorrentState state, int wantedRemaining, boolean seedGoalSet) {
    return switch (state) {
      case SEEDING -> wantedRemaining == 0 && !seedGoalSet;
      case PAUSED, QUEUED -> true;
      case CHECKING, DOWNLOADING, FINISHED, ERROR -> false;
    };
  }

  /** Whether a running torrent is idle right now: nothing connected and a state that may sleep. */
  public static boolean idle(TorrentStatus status, boolean seedGoalSet) {
    return status.connectedPeers() == 0 && status.error() == null
        && mayStayDormant(status.state(), status.wantedRemaining(), seedGoalSet);
  }
}
