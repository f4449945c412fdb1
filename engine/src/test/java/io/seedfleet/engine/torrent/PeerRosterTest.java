package io.seedfleet.engine.torrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class PeerRosterTest {
  private final PeerRoster roster = new PeerRoster();
  private final InetSocketAddress a = new InetSocketAddress("127.0.0.1", 7001);
  private final InetSocketAddress b = new InetSocketAddress("127.0.0.1", 7002);
  private final InetSocketAddress remote = new InetSocketAddress("192.0.2.1", 7003);

  @Test
  void learnedAddressesAreDialedOnceUntilTheyDisconnect() {
    roster.learn(a);
    roster.learn(b);
    assertThat(roster.dueForDial(10, 0)).containsExactly(a, b);
    assertThat(roster.dueForDial(10, 0)).isEmpty();
    roster.disconnected(0, a, 0);
    assertThat(roster.dueForDial(10, 1_000_000_000L)).isEmpty(); // back-off of 2 s after one failure
    assertThat(roster.dueForDial(10, 2_000_000_000L)).containsExactly(a);
  }

  @Test
  void backOffDoublesWithEachFailure() {
    roster.learn(a);
    long now = 0;
    for (int failure = 1; failure <= 3; failure++) {
      assertThat(roster.dueForDial(1, now)).containsExactly(a);
      roster.disconnected(0, a, now);
      long wait = 2_000_000_000L << (failure - 1);
      assertThat(roster.dueForDial(1, now + wait - 1)).isEmpty();
      now += wait;
    }
  }

  @Test
  void aPeerIdConnectsOnlyOnce() {
    byte[] id = "-XX0001-abcdefghijkl".getBytes();
    assertThat(roster.connected(1, a, id)).isTrue();
    assertThat(roster.connected(2, b, id)).isFalse();
    roster.disconnected(1, a, 0);
    assertThat(roster.connected(3, b, id)).isTrue();
  }

  @Test
  void aRefusedSecondConnectionLeavingDoesNotFreeThePeerId() {
    byte[] id = "-XX0001-abcdefghijkl".getBytes();
    assertThat(roster.connected(1, a, id)).isTrue();
    assertThat(roster.connected(2, b, id)).isFalse();
    roster.disconnected(2, b, 0);
    assertThat(roster.connected(3, b, id.clone())).as("key 1 still holds it").isFalse();
  }

  @Test
  void bansAreByIpAwayFromLoopbackAndByAddressAndPeerIdOnLoopback() {
    byte[] id = "-XX0001-abcdefghijkl".getBytes();
    roster.connected(1, a, id);
    roster.ban(1, a);
    assertThat(roster.isBanned(a, null)).isTrue();
    assertThat(roster.isBanned(b, null)).isFalse();
    assertThat(roster.isBanned(b, id)).isTrue();
    assertThat(roster.learn(a)).isFalse();

    roster.ban(2, remote);
    assertThat(roster.isBanned(new InetSocketAddress("192.0.2.1", 9999), null)).isTrue();
    assertThat(roster.bannedCount()).isEqualTo(2);
  }

  @Test
  void aPeerConvictedAfterItLeftIsStillBannedByAddressAndPeerId() {
    byte[] id = "-XX0001-liarliarliar".getBytes();
    roster.learn(remote);
    roster.connected(5, remote, id);
    roster.disconnected(5, remote, 0);
    roster.ban(5, null);
    assertThat(roster.isBanned(remote, null)).isTrue();
    assertThat(roster.isBanned(a, id)).isTrue();
    assertThat(roster.dueForDial(10, Long.MAX_VALUE / 2)).doesNotContain(remote);
  }

  @Test
  void banningAnUnknownDepartedKeyBansNothing() {
    roster.ban(99, null);
    assertThat(roster.bannedCount()).isZero();
  }
}
