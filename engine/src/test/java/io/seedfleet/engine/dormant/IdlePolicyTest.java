package io.seedfleet.engine.dormant;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.torrent.TorrentState;
import io.seedfleet.engine.torrent.TorrentStatus;
import org.junit.jupiter.api.Test;

class IdlePolicyTest {
  private static TorrentStatus status(TorrentState state, int wantedRemaining, int connected, String error) {
    return new TorrentStatus(InfoHash.of(new byte[20]), "t", state, 4 - wantedRemaining, 4, wantedRemaining, 4096, 0, 0,
        0, 0, 0, connected, 0, 0, 0, 0, error);
  }

  @Test
  void aCompleteSeedWithoutPeersIsIdle() {
    assertThat(IdlePolicy.idle(status(TorrentState.SEEDING, 0, 0, null), false)).isTrue();
  }

  @Test
  void aConnectedPeerOrASeedGoalKeepsItAwake() {
    assertThat(IdlePolicy.idle(status(TorrentState.SEEDING, 0, 1, null), false)).isFalse();
    assertThat(IdlePolicy.idle(status(TorrentState.SEEDING, 0, 0, null), true)).isFalse();
  }

  @Test
  void downloadingCheckingFinishedAndFailedNeverSleep() {
    assertThat(IdlePolicy.idle(status(TorrentState.DOWNLOADING, 2, 0, null), false)).isFalse();
    assertThat(IdlePolicy.idle(status(TorrentState.CHECKING, 4, 0, null), false)).isFalse();
    assertThat(IdlePolicy.idle(status(TorrentState.FINISHED, 0, 0, null), false)).isFalse();
    assertThat(IdlePolicy.idle(status(TorrentState.ERROR, 0, 0, "disk"), false)).isFalse();
  }

  @Test
  void pausedAndQueuedSleepEvenIncomplete() {
    assertThat(IdlePolicy.idle(status(TorrentState.PAUSED, 2, 0, null), false)).isTrue();
    assertThat(IdlePolicy.idle(status(TorrentState.QUEUED, 2, 0, null), true)).isTrue();
  }
}
