package io.seedfleet.engine.peer;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedfleet.engine.torrent.Torrent;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

class PeerStateTest {
  private static final long SECOND = 1_000_000_000L;
  private final PeerState state = new PeerState(4, new BitSet());

  @Test
  void theFirstReportAlwaysGoesThenOnlyChangesDo() {
    assertThat(state.statsReport(7)).isNotNull();
    assertThat(state.statsReport(7)).as("nothing changed").isNull();

    state.peerInterested = true;
    Torrent.PeerStats interested = state.statsReport(7);
    assertThat(interested).isNotNull();
    assertThat(interested.snapshot().interested()).isTrue();
    assertThat(state.statsReport(7)).isNull();
  }

  @Test
  void chokingOrUnchokingThePeerChangesTheReport() {
    state.statsReport(7);
    state.amChoking = false;
    state.unchokedAtNanos = 5 * SECOND;
    Torrent.PeerStats unchoked = state.statsReport(7);
    assertThat(unchoked).isNotNull();
    assertThat(unchoked.snapshot().unchoked()).isTrue();
    assertThat(unchoked.snapshot().unchokedAtNanos()).isEqualTo(5 * SECOND);
    state.amChoking = true;
    assertThat(state.statsReport(7).snapshot().unchoked()).isFalse();
  }

  @Test
  void bytesMovedAreReportedOnceEvenWhileTheSnapshotStaysTheSame() {
    state.statsReport(7);
    state.upload.add(16_384); // not yet ticked: the rate, and so the snapshot, is unchanged
    Torrent.PeerStats report = state.statsReport(7);
    assertThat(report).isNotNull();
    assertThat(report.uploaded()).isEqualTo(16_384);
    assertThat(state.statsReport(7)).isNull();
  }

  @Test
  void ratesAreMeasuredOverTheTimeSinceThePreviousTick() {
    state.lastTickNanos = 0;
    state.download.add(10_000_000);
    state.tick(10 * SECOND);
    assertThat(state.download.perSecond()).isEqualTo(1_000_000);
  }
}
