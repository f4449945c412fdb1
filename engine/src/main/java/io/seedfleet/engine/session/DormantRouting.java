package io.seedfleet.engine.session;

import io.seedfleet.engine.dormant.DormantTorrent;
import io.seedfleet.engine.limit.Limits;
import io.seedfleet.engine.peer.PeerConnection;
import io.seedfleet.engine.queue.SeedGoal;
import io.seedfleet.engine.torrent.Torrent;
import io.seedfleet.engine.torrent.TorrentState;

/**
 * What a command sent to a torrent's handle does while its actor does not run: answered from the
 * record, remembered for the wake, dropped, or the reason to wake it. Waking costs a file read
 * and a fast-resume check, so what a running torrent would ignore (the queue's repeated
 * "run", an address list for a seed) must not wake it.
 */
final class DormantRouting {
  enum Action {
    /** Done: answered from the record, or remembered in the entry for the next wake. */
    HANDLED,
    /** The actor is needed: hold the command and wake it. */
    WAKE
  }

  private DormantRouting() {}

  /**
   * Remembers what a woken actor must be told again (limits, priorities, queueing) and returns
   * whether the command changes anything for this entry; called for running torrents too.
   */
  static boolean remember(TorrentEntry entry, Torrent.Command command) {
    switch (command) {
      case Torrent.SetLimits set -> {
        boolean changed = !set.equals(entry.limits);
        entry.limits = set;
        return changed;
      }
      case Torrent.SetFilePriorities set -> {
        entry.filePriorities = set.priorities().clone();
        return true;
      }
      case Torrent.SetQueued set -> {
        boolean changed = set.queued() != entry.queued;
        entry.queued = set.queued();
        return changed;
      }
      default -> {
        return true;
      }
    }
  }

  /**
   * @param changed what {@link #remember} said
   * @param defaultLimits the limits a torrent has before any {@link Torrent.SetLimits}
   */
  static Action route(TorrentEntry entry, Torrent.Command command, boolean changed, Limits defaultLimits) {
    DormantTorrent record = entry.dormant;
    return switch (command) {
      case Torrent.GetStatus get -> {
        get.replyTo().tell(record.status());
        yield Action.HANDLED;
      }
      case Torrent.GetLimits get -> {
        Torrent.SetLimits set = entry.limits;
        get.replyTo().tell(set == null ? defaultLimits : new Limits(set.uploadRate(), set.downloadRate(), set.maxConnections()));
        yield Action.HANDLED;
      }
      // Applied on waking; nothing is connected to shed, and a seed or a paused torrent does not dial.
      case Torrent.SetLimits set -> Action.HANDLED;
      case Torrent.ShedConnections shed -> Action.HANDLED;
      case Torrent.AddPeers add -> Action.HANDLED;
      case Torrent.SetQueued set -> changed ? Action.WAKE : Action.HANDLED;
      case Torrent.SetSeedGoal set -> set.goal().equals(SeedGoal.NONE) ? Action.HANDLED : Action.WAKE;
      case Torrent.Pause pause -> record.state() == TorrentState.PAUSED ? Action.HANDLED : Action.WAKE;
      case Torrent.Resume resume -> record.state() == TorrentState.PAUSED || record.state() == TorrentState.ERROR
          ? Action.WAKE : Action.HANDLED;
      case Torrent.Recheck recheck -> Action.WAKE;
      case Torrent.SetFilePriorities set -> Action.WAKE;
      case Torrent.Inbound inbound -> Action.WAKE;
      // Only a running torrent's own peers and picker send these, to the actor itself.
      case Torrent.PeerHandshaken handshaken -> {
        handshaken.connection().tell(new PeerConnection.Close("torrent not active"));
        yield Action.HANDLED;
      }
      default -> Action.HANDLED;
    };
  }

  /** A command that will never reach an actor (the torrent was removed, or could not wake). */
  static void drop(Torrent.Command command) {
    if (command instanceof Torrent.Inbound inbound) {
      inbound.connection().close();
    }
  }
}
