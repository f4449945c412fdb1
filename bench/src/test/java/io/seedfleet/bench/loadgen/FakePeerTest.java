package io.seedfleet.bench.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.wire.Handshake;
import io.seedfleet.engine.wire.HandshakeCodec;
import io.seedfleet.engine.wire.PeerId;
import io.seedfleet.engine.wire.PeerMessage;
import io.seedfleet.engine.wire.ReservedBits;
import io.seedfleet.engine.wire.WireEncoder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FakePeerTest {
  private static final InfoHash TORRENT = InfoHash.of(filled(20, 7));
  private final List<PeerMessage> scratch = new ArrayList<>();

  @Test
  void aHandshakeSplitAcrossReadsCountsOnceWhenComplete() {
    FakePeer peer = new FakePeer(null, filled(20, 1));
    ByteBuffer handshake = handshakeFor(TORRENT);
    FakePeer.Events first = peer.read(handshake.slice(0, 30), TORRENT, scratch);
    assertThat(first.handshaken()).isFalse();
    assertThat(peer.phase).isEqualTo(FakePeer.Phase.CONNECTING);
    FakePeer.Events rest = peer.read(handshake.slice(30, 38), TORRENT, scratch);
    assertThat(rest.handshaken()).isTrue();
    assertThat(rest.failed()).isFalse();
    assertThat(peer.phase).isEqualTo(FakePeer.Phase.ACTIVE);
  }

  @Test
  void aHandshakeForAnotherTorrentFails() {
    FakePeer peer = new FakePeer(null, filled(20, 1));
    FakePeer.Events events = peer.read(handshakeFor(InfoHash.of(filled(20, 9))), TORRENT, scratch);
    assertThat(events.failed()).isTrue();
    assertThat(events.handshaken()).isFalse();
  }

  @Test
  void tracksChokingAndTheOutstandingRequest() {
    FakePeer peer = new FakePeer(null, filled(20, 1));
    peer.read(handshakeFor(TORRENT), TORRENT, scratch);
    FakePeer.Events unchoke = peer.read(frames(PeerMessage.HaveAll.INSTANCE, PeerMessage.Unchoke.INSTANCE), TORRENT, scratch);
    assertThat(unchoke.unchokes()).isEqualTo(1);
    assertThat(peer.unchoked).isTrue();

    peer.requestOutstanding = true;
    FakePeer.Events block = peer.read(frames(new PeerMessage.Piece(0, 0, ByteBuffer.wrap(new byte[16]))), TORRENT, scratch);
    assertThat(block.blocks()).isEqualTo(1);
    assertThat(peer.requestOutstanding).isFalse();

    peer.requestOutstanding = true;
    FakePeer.Events reject = peer.read(frames(new PeerMessage.RejectRequest(0, 0, 16)), TORRENT, scratch);
    assertThat(reject.rejects()).isEqualTo(1);
    assertThat(peer.requestOutstanding).isFalse();

    peer.requestOutstanding = true;
    FakePeer.Events choke = peer.read(frames(PeerMessage.Choke.INSTANCE), TORRENT, scratch);
    assertThat(choke.chokes()).isEqualTo(1);
    assertThat(peer.unchoked).isFalse();
    assertThat(peer.requestOutstanding).isFalse();
  }

  @Test
  void garbageAfterTheHandshakeFails() {
    FakePeer peer = new FakePeer(null, filled(20, 1));
    peer.read(handshakeFor(TORRENT), TORRENT, scratch);
    ByteBuffer tooLong = ByteBuffer.allocate(5).putInt(Integer.MAX_VALUE).put((byte) 7).flip();
    assertThat(peer.read(tooLong, TORRENT, scratch).failed()).isTrue();
  }

  private static ByteBuffer handshakeFor(InfoHash infoHash) {
    ByteBuffer out = ByteBuffer.allocate(HandshakeCodec.LENGTH);
    HandshakeCodec.encode(new Handshake(ReservedBits.builder().fast().build(), infoHash, PeerId.of(filled(20, 2))), out);
    return out.flip();
  }

  private static ByteBuffer frames(PeerMessage... messages) {
    int length = Arrays.stream(messages).mapToInt(WireEncoder::encodedLength).sum();
    ByteBuffer out = ByteBuffer.allocate(length);
    for (PeerMessage m : messages) {
      WireEncoder.encode(m, out);
    }
    return out.flip();
  }

  private static byte[] filled(int length, int value) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, (byte) value);
    return bytes;
  }
}
