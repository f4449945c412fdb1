package io.seedfleet.engine.peer;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedfleet.engine.peer.PeerClocks.Snub;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

class PeerClocksTest {
  private static final long SECOND = 1_000_000_000L;
  private final PeerState state = new PeerState(4, new BitSet());

  @Test
  void silenceEndsTheConnectionAndOurOwnSilenceOwesAKeepAlive() {
    state.lastReceivedNanos = 0;
    state.lastSentNanos = 0;
    assertThat(PeerClocks.inactive(state, 150 * SECOND)).isFalse();
    assertThat(PeerClocks.inactive(state, 151 * SECOND)).isTrue();
    assertThat(PeerClocks.keepAliveDue(state, 90 * SECOND)).isFalse();
    assertThat(PeerClocks.keepAliveDue(state, 91 * SECOND)).isTrue();
  }

  @Test
  void unansweredRequestsSnubThePeerThenDropIt() {
    state.lastBlockNanos = 0;
    assertThat(PeerClocks.snub(state, false, 100 * SECOND)).as("nothing asked").isEqualTo(Snub.FINE);
    assertThat(PeerClocks.snub(state, true, 30 * SECOND)).isEqualTo(Snub.FINE);
    assertThat(PeerClocks.snub(state, true, 31 * SECOND)).isEqualTo(Snub.NOW_SNUBBED);
    state.snubbed = true;
    assertThat(PeerClocks.snub(state, true, 60 * SECOND)).isEqualTo(Snub.FINE);
    assertThat(PeerClocks.snub(state, true, 61 * SECOND)).isEqualTo(Snub.GIVE_UP);
    assertThat(state.blockReceived(true, 16384, 61 * SECOND)).isTrue();
    assertThat(state.snubbed).as("a block ends the snub").isFalse();
  }

  @Test
  void anIdleConnectionTicksRarelyAndAnyTransferMakesItBusy() {
    assertThat(PeerClocks.tickInterval(state, false)).as("we choke it and want nothing").isEqualTo(PeerClocks.IDLE_TICK);
    state.peerInterested = true;
    assertThat(PeerClocks.tickInterval(state, false)).as("interested but choked").isEqualTo(PeerClocks.IDLE_TICK);
    state.amChoking = false;
    assertThat(PeerClocks.tickInterval(state, false)).as("we upload to it").isEqualTo(PeerClocks.BUSY_TICK);
    state.amChoking = true;
    state.amInterested = true;
    assertThat(PeerClocks.tickInterval(state, false)).as("we want, it chokes us").isEqualTo(PeerClocks.IDLE_TICK);
    state.peerChoking = false;
    assertThat(PeerClocks.tickInterval(state, false)).as("we can download").isEqualTo(PeerClocks.BUSY_TICK);
    state.peerChoking = true;
    assertThat(PeerClocks.tickInterval(state, true)).as("requests out").isEqualTo(PeerClocks.BUSY_TICK);
  }

  @Test
  void aConnectionStaysBusyUntilItsRatesHaveDecayed() {
    state.lastTickNanos = 0;
    state.upload.add(1_000_000);
    state.tick(SECOND);
    assertThat(PeerClocks.tickInterval(state, false)).isEqualTo(PeerClocks.BUSY_TICK);
    long now = SECOND;
    int ticks = 0;
    while (PeerClocks.tickInterval(state, false).equals(PeerClocks.BUSY_TICK)) {
      now += SECOND;
      state.tick(now);
      ticks++;
    }
    assertThat(ticks).as("halving 1 MB/s down to zero").isBetween(15, 25);
    assertThat(state.upload.perSecond()).isZero();
  }
}
