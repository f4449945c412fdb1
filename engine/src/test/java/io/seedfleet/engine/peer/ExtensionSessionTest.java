package io.seedfleet.engine.peer;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedfleet.engine.peer.ExtensionSession.Outcome;
import io.seedfleet.engine.wire.PeerMessage;
import io.seedfleet.engine.wire.extension.PexMessage;
import io.seedfleet.engine.wire.extension.PexPeer;
import io.seedfleet.engine.wire.extension.UtMetadata;
import io.seedfleet.engine.wire.extension.UtMetadataMessage;
import io.seedfleet.engine.wire.extension.UtPex;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExtensionSessionTest {
  private static final long SECOND = 1_000_000_000L;
  private static final ByteBuffer METADATA = ByteBuffer.wrap(new byte[100]);
  private static final PexMessage PEX = new PexMessage(
      List.of(new PexPeer(new InetSocketAddress("127.0.0.1", 6881), 0)), List.of());

  /** The peer's handshake; it uses our ids, so its ut_pex id is 1 and its ut_metadata id 2. */
  private static PeerMessage.Extended peerHandshake(boolean pex) {
    return ExtensionHandshakes.ours(7000, 100, pex);
  }

  private static PeerMessage.Extended toUs(int ourId, byte[] payload) {
    return new PeerMessage.Extended(ourId, ByteBuffer.wrap(payload));
  }

  @Test
  void theHandshakeTellsWhetherWeExchangePeers() {
    ExtensionSession session = new ExtensionSession(true, METADATA);
    assertThat(session.pex(PEX)).as("no handshake yet").isEmpty();
    Outcome outcome = session.received(peerHandshake(true), 0);
    assertThat(outcome).isInstanceOf(Outcome.Negotiated.class);
    assertThat(((Outcome.Negotiated) outcome).pex()).isTrue();
    assertThat(((Outcome.Negotiated) outcome).remote().listenPort()).hasValue(7000);
    assertThat(session.pex(PEX)).hasValueSatisfying(m -> assertThat(m.extendedId()).isEqualTo(1));
  }

  @Test
  void aPrivateTorrentNeitherSendsNorTakesPex() {
    ExtensionSession session = new ExtensionSession(false, METADATA);
    assertThat(((Outcome.Negotiated) session.received(peerHandshake(true), 0)).pex()).isFalse();
    assertThat(session.pex(PEX)).isEmpty();
    assertThat(session.received(toUs(ExtensionHandshakes.OUR_UT_PEX_ID, UtPex.encode(PEX)), SECOND))
        .isEqualTo(Outcome.Nothing.INSTANCE);
  }

  @Test
  void peersLearnedOverPexAreTakenAtMostAboutOnceAMinute() {
    ExtensionSession session = new ExtensionSession(true, METADATA);
    PeerMessage.Extended pex = toUs(ExtensionHandshakes.OUR_UT_PEX_ID, UtPex.encode(PEX));
    assertThat(session.received(pex, 100 * SECOND))
        .isEqualTo(new Outcome.PeersLearned(List.of(new InetSocketAddress("127.0.0.1", 6881))));
    assertThat(session.received(pex, 110 * SECOND)).as("too soon").isEqualTo(Outcome.Nothing.INSTANCE);
    assertThat(session.received(pex, 150 * SECOND)).isInstanceOf(Outcome.PeersLearned.class);
  }

  @Test
  void metadataIsServedOnlyToAPeerThatOfferedUtMetadata() {
    ExtensionSession session = new ExtensionSession(true, METADATA);
    PeerMessage.Extended request = toUs(ExtensionHandshakes.OUR_UT_METADATA_ID,
        UtMetadata.encode(new UtMetadataMessage.Request(0)));
    assertThat(session.received(request, 0)).as("before its handshake").isEqualTo(Outcome.Nothing.INSTANCE);
    session.received(peerHandshake(false), 0);
    Outcome answer = session.received(request, 0);
    assertThat(answer).isInstanceOf(Outcome.Reply.class);
    assertThat(((Outcome.Reply) answer).message().extendedId()).isEqualTo(ExtensionHandshakes.OUR_UT_METADATA_ID);
  }

  @Test
  void aMalformedMessageIsReportedNotThrown() {
    ExtensionSession session = new ExtensionSession(true, METADATA);
    session.received(peerHandshake(true), 0);
    byte[] garbage = {'x', 'y'};
    assertThat(session.received(toUs(ExtensionHandshakes.OUR_UT_METADATA_ID, garbage), 0))
        .isInstanceOfSatisfying(Outcome.Malformed.class, m -> assertThat(m.extension()).isEqualTo("ut_metadata"));
    assertThat(session.received(toUs(ExtensionHandshakes.OUR_UT_PEX_ID, garbage), 0))
        .isInstanceOf(Outcome.Malformed.class);
    assertThat(session.received(toUs(99, garbage), 0)).as("never offered").isEqualTo(Outcome.Nothing.INSTANCE);
  }
}
