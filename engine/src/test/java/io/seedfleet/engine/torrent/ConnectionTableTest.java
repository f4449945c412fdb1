package io.seedfleet.engine.torrent;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedfleet.engine.choke.ChokeDecision;
import io.seedfleet.engine.choke.PeerSnapshot;
import io.seedfleet.engine.peer.PeerConnection;
import java.net.InetSocketAddress;
import java.util.OptionalInt;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.TestInbox;
import org.junit.jupiter.api.Test;

class ConnectionTableTest {
  private final ConnectionTable table = new ConnectionTable();
  private final TestInbox<PeerConnection.Command> one = TestInbox.create();
  private final TestInbox<PeerConnection.Command> two = TestInbox.create();
  private final TestInbox<PeerConnection.Command> three = TestInbox.create();

  private void connect(int key, TestInbox<PeerConnection.Command> inbox) {
    table.spawned(key, inbox.getRef(), new InetSocketAddress("127.0.0.1", 7000 + key), true);
    table.handshaken(key, inbox.getRef());
  }

  private static PeerSnapshot snapshot(int key, boolean unchoked, long down, long up) {
    return new PeerSnapshot(key, true, false, down, up, unchoked, 0, false);
  }

  @Test
  void aChokeRoundMessagesOnlyTheConnectionsWhoseChokingChanges() {
    connect(1, one);
    connect(2, two);
    connect(3, three);

    table.apply(new ChokeDecision(Set.of(1, 2), OptionalInt.empty()));
    assertThat(one.getAllReceived()).containsExactly(new PeerConnection.SetChoked(false));
    assertThat(two.getAllReceived()).containsExactly(new PeerConnection.SetChoked(false));
    assertThat(three.hasMessages()).as("it starts choked and stays so").isFalse();

    table.apply(new ChokeDecision(Set.of(2, 3), OptionalInt.empty()));
    assertThat(one.getAllReceived()).containsExactly(new PeerConnection.SetChoked(true));
    assertThat(two.hasMessages()).as("still unchoked").isFalse();
    assertThat(three.getAllReceived()).containsExactly(new PeerConnection.SetChoked(false));

    table.apply(new ChokeDecision(Set.of(2, 3), OptionalInt.empty()));
    assertThat(one.hasMessages() || two.hasMessages() || three.hasMessages()).as("nothing changed").isFalse();
  }

  @Test
  void aConnectionThatLeftAndAKeyReusedLaterStartChokedAgain() {
    connect(1, one);
    table.apply(new ChokeDecision(Set.of(1), OptionalInt.empty()));
    one.getAllReceived();
    table.closed(1);
    connect(2, two);
    table.apply(new ChokeDecision(Set.of(2), OptionalInt.empty()));
    assertThat(two.getAllReceived()).containsExactly(new PeerConnection.SetChoked(false));
    assertThat(one.hasMessages()).isFalse();
  }

  @Test
  void countsAndRatesFollowTheLatestReportOfEachLiveConnection() {
    connect(1, one);
    connect(2, two);
    table.reported(1, snapshot(1, true, 100, 10));
    table.reported(2, snapshot(2, false, 50, 5));
    assertThat(table.unchokedCount()).isEqualTo(1);
    assertThat(table.downloadRate()).isEqualTo(150);
    assertThat(table.uploadRate()).isEqualTo(15);

    table.reported(1, snapshot(1, false, 30, 0));
    table.reported(2, snapshot(2, true, 50, 7));
    assertThat(table.unchokedCount()).isEqualTo(1);
    assertThat(table.downloadRate()).isEqualTo(80);
    assertThat(table.uploadRate()).isEqualTo(7);

    table.closed(2);
    assertThat(table.unchokedCount()).isZero();
    assertThat(table.downloadRate()).isEqualTo(30);
    assertThat(table.uploadRate()).isZero();
    table.closed(1);
    table.closed(1); // a second close changes nothing
    assertThat(table.downloadRate()).isZero();
    assertThat(table.snapshots()).isEmpty();
  }
}
