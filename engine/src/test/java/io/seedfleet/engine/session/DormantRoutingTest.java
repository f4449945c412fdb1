package io.seedfleet.engine.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedfleet.engine.dormant.DormantTorrent;
import io.seedfleet.engine.limit.Limits;
import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.queue.SeedGoal;
import io.seedfleet.engine.torrent.Torrent;
import io.seedfleet.engine.torrent.TorrentState;
import io.seedfleet.engine.torrent.TorrentStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.TestInbox;
import org.junit.jupiter.api.Test;

/** What a command does to a torrent that sleeps: only what needs the actor wakes it. */
class DormantRoutingTest {
  private static final Limits DEFAULTS = Limits.unlimitedRates(50);

  private static TorrentEntry asleep(TorrentState state) {
    InfoHash infoHash = InfoHash.of(new byte[20]);
    TorrentEntry entry = new TorrentEntry(infoHash, Path.of("/srv"));
    entry.phase = TorrentEntry.Phase.DORMANT;
    entry.dormant = new DormantTorrent(infoHash, "t", Path.of("/srv"), state, 4, 4, 0, 4096, 4096, 10, 20, 0, false,
        false, 0, null);
    return entry;
  }

  private static DormantRouting.Action route(TorrentEntry entry, Torrent.Command command) {
    boolean changed = DormantRouting.remember(entry, command);
    return DormantRouting.route(entry, command, changed, DEFAULTS);
  }

  @Test
  void statusAndLimitsAreAnsweredFromTheRecord() {
    TorrentEntry entry = asleep(TorrentState.SEEDING);
    TestInbox<TorrentStatus> status = TestInbox.create();
    assertThat(route(entry, new Torrent.GetStatus(status.getRef()))).isEqualTo(DormantRouting.Action.HANDLED);
    TorrentStatus answered = status.receiveMessage();
    assertThat(answered.state()).isEqualTo(TorrentState.SEEDING);
    assertThat(answered.bytesUploaded()).isEqualTo(20);
    assertThat(answered.connectedPeers()).isZero();

    assertThat(route(entry, new Torrent.SetLimits(1000, 0, 5))).isEqualTo(DormantRouting.Action.HANDLED);
    TestInbox<Limits> limits = TestInbox.create();
    route(entry, new Torrent.GetLimits(limits.getRef()));
    assertThat(limits.receiveMessage()).isEqualTo(new Limits(1000, 0, 5));
  }

  @Test
  void whatARunningSeedWouldIgnoreDoesNotWakeIt() {
    TorrentEntry entry = asleep(TorrentState.SEEDING);
    assertThat(route(entry, new Torrent.SetQueued(false))).isEqualTo(DormantRouting.Action.HANDLED);
    assertThat(route(entry, new Torrent.SetSeedGoal(SeedGoal.NONE))).isEqualTo(DormantRouting.Action.HANDLED);
    assertThat(route(entry, new Torrent.AddPeers(List.of()))).isEqualTo(DormantRouting.Action.HANDLED);
    assertThat(route(entry, new Torrent.ShedConnections(0.5))).isEqualTo(DormantRouting.Action.HANDLED);
    assertThat(route(entry, Torrent.Resume.INSTANCE)).isEqualTo(DormantRouting.Action.HANDLED);
  }

  @Test
  void whatNeedsTheActorWakesIt() {
    assertThat(route(asleep(TorrentState.SEEDING), Torrent.Pause.INSTANCE)).isEqualTo(DormantRouting.Action.WAKE);
    assertThat(route(asleep(TorrentState.PAUSED), Torrent.Resume.INSTANCE)).isEqualTo(DormantRouting.Action.WAKE);
    assertThat(route(asleep(TorrentState.SEEDING), Torrent.Recheck.INSTANCE)).isEqualTo(DormantRouting.Action.WAKE);
    assertThat(route(asleep(TorrentState.SEEDING), new Torrent.SetQueued(true))).isEqualTo(DormantRouting.Action.WAKE);
    assertThat(route(asleep(TorrentState.SEEDING), new Torrent.SetSeedGoal(new SeedGoal(2.0, Duration.ZERO))))
        .isEqualTo(DormantRouting.Action.WAKE);
    assertThat(route(asleep(TorrentState.SEEDING), new Torrent.SetFilePriorities(new int[] {1})))
        .isEqualTo(DormantRouting.Action.WAKE);
  }

  @Test
  void pausingAPausedTorrentIsANoOp() {
    assertThat(route(asleep(TorrentState.PAUSED), Torrent.Pause.INSTANCE)).isEqualTo(DormantRouting.Action.HANDLED);
  }

  @Test
  void remembersWhatAWokenActorMustBeToldAgain() {
    TorrentEntry entry = asleep(TorrentState.SEEDING);
    int[] priorities = {1, 0};
    route(entry, new Torrent.SetFilePriorities(priorities));
    priorities[0] = 7;
    assertThat(entry.filePriorities).containsExactly(1, 0);
    route(entry, new Torrent.SetQueued(true));
    assertThat(entry.queued).isTrue();
  }
}
