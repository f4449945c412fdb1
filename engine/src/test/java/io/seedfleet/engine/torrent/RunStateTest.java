package io.seedfleet.engine.torrent;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedfleet.engine.torrent.RunState.Change;
import org.junit.jupiter.api.Test;

class RunStateTest {
  private final RunState run = new RunState();

  @Test
  void aCheckedTorrentDownloadsOrSeeds() {
    assertThat(run.isChecking()).isTrue();
    assertThat(run.checked(false)).isTrue();
    assertThat(run.state()).isEqualTo(TorrentState.DOWNLOADING);
    run.downloadComplete();
    assertThat(run.state()).isEqualTo(TorrentState.SEEDING);
  }

  @Test
  void aPauseOrQueueBeforeTheCheckEndsHoldsTheTorrent() {
    run.pause();
    assertThat(run.checked(true)).isFalse();
    assertThat(run.state()).isEqualTo(TorrentState.PAUSED);

    RunState queued = new RunState();
    queued.queued(true, false);
    assertThat(queued.checked(true)).isFalse();
    assertThat(queued.state()).isEqualTo(TorrentState.QUEUED);
  }

  @Test
  void pausingARunningTorrentStopsItAndResumingStartsIt() {
    run.checked(true);
    assertThat(run.pause()).isEqualTo(Change.STOP);
    assertThat(run.state()).isEqualTo(TorrentState.PAUSED);
    assertThat(run.pause()).as("already paused").isEqualTo(Change.NONE);
    assertThat(run.resume(true)).isEqualTo(Change.START);
    assertThat(run.state()).isEqualTo(TorrentState.SEEDING);
    assertThat(run.resume(true)).as("already running").isEqualTo(Change.NONE);
  }

  @Test
  void aPausedTorrentResumedWhileQueuedWaitsForItsSlot() {
    run.checked(false);
    run.pause();
    assertThat(run.queued(true, false)).as("paused, not running: nothing to stop").isEqualTo(Change.NONE);
    assertThat(run.resume(false)).isEqualTo(Change.STOPPED);
    assertThat(run.state()).isEqualTo(TorrentState.QUEUED);
    assertThat(run.queued(false, false)).isEqualTo(Change.START);
    assertThat(run.state()).isEqualTo(TorrentState.DOWNLOADING);
  }

  @Test
  void theQueueStopsAndStartsARunningTorrent() {
    run.checked(false);
    assertThat(run.queued(true, false)).isEqualTo(Change.STOP);
    assertThat(run.state()).isEqualTo(TorrentState.QUEUED);
    assertThat(run.pause()).as("queued, not running").isEqualTo(Change.STOPPED);
    assertThat(run.state()).isEqualTo(TorrentState.PAUSED);
  }

  @Test
  void aFinishedTorrentResumedByHandRunsAgain() {
    run.checked(true);
    assertThat(run.finish()).isEqualTo(Change.STOP);
    assertThat(run.isFinished()).isTrue();
    assertThat(run.resume(true)).isEqualTo(Change.START);
    assertThat(run.isSeeding()).isTrue();
  }

  @Test
  void changedFilePrioritiesMoveBetweenSeedingAndDownloading() {
    run.checked(true);
    assertThat(run.wantedChanged(false)).isFalse();
    assertThat(run.state()).isEqualTo(TorrentState.DOWNLOADING);
    assertThat(run.wantedChanged(true)).as("the download is complete: the actor finishes it").isTrue();
  }

  @Test
  void aFullDiskWaitsInErrorAndResumesAsThePauseAndQueueAllow() {
    run.checked(false);
    run.failed("disk full");
    assertThat(run.isError()).isTrue();
    assertThat(run.error()).isEqualTo("disk full");
    assertThat(run.resume(false)).as("resuming leaves an error as it is").isEqualTo(Change.NONE);
    assertThat(run.queued(true, false)).isEqualTo(Change.NONE);
    assertThat(run.spaceReturned()).isFalse();
    assertThat(run.state()).isEqualTo(TorrentState.QUEUED);
    assertThat(run.error()).isNull();

    RunState free = new RunState();
    free.checked(true);
    free.failed("disk full");
    assertThat(free.spaceReturned()).isTrue();
    assertThat(free.state()).as("its final flush may be what failed").isEqualTo(TorrentState.DOWNLOADING);
  }

  @Test
  void aRecheckGoesBackToChecking() {
    run.checked(true);
    run.failed("cannot write");
    run.recheck();
    assertThat(run.isChecking()).isTrue();
    assertThat(run.error()).isNull();
    assertThat(run.isRunning()).isFalse();
  }
}
