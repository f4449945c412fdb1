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
}
