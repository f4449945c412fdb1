package io.seedfleet.engine.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seedfleet.engine.metainfo.InfoHash;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HandshakeCodecTest {
  private static final InfoHash INFO_HASH =
      InfoHash.fromHex("0102030405060708090a0b0c0d0e0f1011121314");
  private static final byte[] PEER_ID_BYTES =
      "-SF0001-abcdefghijkl".getBytes(StandardCharsets.US_ASCII);
  private static final PeerId PEER_ID = PeerId.of(PEER_ID_BYTES);

  /** A handshake advertising the fast extension, the extension protocol and DHT. */
  private static byte[] wire() {
    ByteBuffer b = ByteBuffer.allocate(68);
    b.put((byte) 19); // pstrlen
    b.put("BitTorrent protocol".getBytes(StandardCharsets.US_ASCII)); // pstr
    b.put(new byte[] {0, 0, 0, 0, 0, /* BEP 10 */ 0x10, 0, /* BEP 6 + BEP 5 */ 0x05});
    b.put(INFO_HASH.bytes()); // info-hash
    b.put(PEER_ID_BYTES); // peer id
    return b.array();
  }

  private static final Handshake HANDSHAKE =
      new Handshake(
          ReservedBits.builder().fast().extensionProtocol().dht().build(), INFO_HASH, PEER_ID);

  @Test
  void encodesToTheExactBytes() {
    ByteBuffer out = ByteBuffer.allocate(HandshakeCodec.LENGTH);
    HandshakeCodec.encode(HANDSHAKE, out);
    assertThat(out.array()).isEqualTo(wire());
  }

  @Test
  void decodesAndReEncodes() {
    ByteBuffer in = ByteBuffer.wrap(wire());
    HandshakeResult<Handshake> result = HandshakeCodec.decode(in);
    assertThat(result).isEqualTo(new HandshakeResult.Decoded<>(HANDSHAKE));
    assertThat(in.position()).isEqualTo(68);
    Handshake decoded = ((HandshakeResult.Decoded<Handshake>) result).value();
    assertThat(decoded.reserved().supportsFast()).isTrue();
    assertThat(decoded.reserved().supportsExtensionProtocol()).isTrue();
    assertThat(decoded.reserved().supportsDht()).isTrue();
    ByteBuffer out = ByteBuffer.allocate(68);
    HandshakeCodec.encode(decoded, out);
    assertThat(out.array()).isEqualTo(wire());
  }

  @Test
  void everyShorterPrefixNeedsMoreAndConsumesNothing() {
    byte[] wire = wire();
    for (int length = 0; length < 68; length++) {
      ByteBuffer in = ByteBuffer.wrap(wire, 0, length);
      assertThat(HandshakeCodec.decode(in)).isEqualTo(new HandshakeResult.NeedMore<>(68 - length));
      assertThat(in.position()).isZero();
    }
  }

  @Test
  void headerThenPeerIdLetsAListenerRouteBeforeThePeerIdArrives() {
    byte[] wire = wire();
    ByteBuffer in = ByteBuffer.wrap(wire, 0, 47);
    assertThat(HandshakeCodec.decodeHeader(in)).isEqualTo(new HandshakeResult.NeedMore<>(1));

    in = ByteBuffer.wrap(wire, 0, 50);
    HandshakeResult<Handshake.Header> header = HandshakeCodec.decodeHeader(in);
    assertThat(header)
        .isEqualTo(
            new HandshakeResult.Decoded<>(new Handshake.Header(HANDSHAKE.reserved(), INFO_HASH)));
    assertThat(in.position()).isEqualTo(48);
    assertThat(HandshakeCodec.decodePeerId(in)).isEqualTo(new HandshakeResult.NeedMore<>(18));
    assertThat(in.position()).isEqualTo(48);

    in.limit(68);
    HandshakeResult<PeerId> peerId = HandshakeCodec.decodePeerId(in);
    assertThat(peerId).isEqualTo(new HandshakeResult.Decoded<>(PEER_ID));
    assertThat(in.hasRemaining()).isFalse();
    assertThat(((HandshakeResult.Decoded<Handshake.Header>) header).value().withPeerId(PEER_ID))
        .isEqualTo(HANDSHAKE);
  }

  @Test
  void wrongProtocolLengthFailsOnTheFirstByte() {
    // An MSE/PE encrypted stream starts with random bytes.
    ByteBuffer in = ByteBuffer.wrap(new byte[] {(byte) 0xC3});
    HandshakeResult<Handshake> result = HandshakeCodec.decode(in);
    assertThat(result)
        .isInstanceOfSatisfying(
            HandshakeResult.Failure.class,
            f -> {
              assertThat(f.error()).isEqualTo(HandshakeError.WRONG_PROTOCOL_LENGTH);
              assertThat(f.message()).contains("195");
            });
    assertThat(HandshakeCodec.decodeHeader(ByteBuffer.wrap(new byte[] {18})))
        .isInstanceOf(HandshakeResult.Failure.class);
  }

  @Test
  void wrongProtocolStringFailsAsSoonAsAWrongByteArrives() {
    byte[] wire = wire();
    wire[1] = 'b'; // "bitTorrent protocol"
    HandshakeResult<Handshake> early = HandshakeCodec.decode(ByteBuffer.wrap(wire, 0, 2));
    assertThat(early)
        .isInstanceOfSatisfying(
            HandshakeResult.Failure.class,
            f -> assertThat(f.error()).isEqualTo(HandshakeError.WRONG_PROTOCOL));

    byte[] late = wire();
    late[19] = 'L'; // "BitTorrent protocoL"
    assertThat(HandshakeCodec.decode(ByteBuffer.wrap(late, 0, 19)))
        .isInstanceOf(HandshakeResult.NeedMore.class);
    assertThat(HandshakeCodec.decode(ByteBuffer.wrap(late)))
        .isInstanceOf(HandshakeResult.Failure.class);
  }

  @Test
  void decodingStartsAtThePositionNotAtZero() {
    byte[] padded = new byte[3 + 68];
    System.arraycopy(wire(), 0, padded, 3, 68);
    ByteBuffer in = ByteBuffer.wrap(padded);
    in.position(3);
    assertThat(HandshakeCodec.decode(in)).isEqualTo(new HandshakeResult.Decoded<>(HANDSHAKE));
    assertThat(in.hasRemaining()).isFalse();
  }

  @Test
  void encodeIntoTooSmallABufferThrows() {
    assertThatThrownBy(() -> HandshakeCodec.encode(HANDSHAKE, ByteBuffer.allocate(67)))
        .isInstanceOf(BufferOverflowException.class);
  }

  @Test
  void reservedBitsMapToTheirBepPositions() {
    assertThat(ReservedBits.NONE.supportsFast()).isFalse();
    assertThat(ReservedBits.builder().fast().build().bits()).isEqualTo(0x04L);
    assertThat(ReservedBits.builder().dht().build().bits()).isEqualTo(0x01L);
    assertThat(ReservedBits.builder().extensionProtocol().build().bits()).isEqualTo(0x10_0000L);
    ReservedBits both = ReservedBits.builder().fast().extensionProtocol().build();
    assertThat(both.and(ReservedBits.builder().fast().dht().build()))
        .isEqualTo(ReservedBits.builder().fast().build());
  }

  @Test
  void peerIdComparesByContentAndPrintsSafely() {
    byte[] raw = Arrays.copyOf(PEER_ID_BYTES, 20);
    assertThat(PeerId.of(raw)).isEqualTo(PEER_ID).hasSameHashCodeAs(PEER_ID);
    raw[0] = 0; // the copy is defensive
    assertThat(PEER_ID.bytes()[0]).isEqualTo((byte) '-');
    byte[] binary = new byte[20];
    binary[0] = '\n';
    assertThat(PeerId.of(binary).toString()).startsWith("%0a%00").doesNotContain("\n");
    assertThatThrownBy(() -> PeerId.of(new byte[19])).isInstanceOf(IllegalArgumentException.class);
  }
}
