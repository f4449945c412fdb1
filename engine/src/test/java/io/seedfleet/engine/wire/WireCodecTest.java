package io.seedfleet.engine.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every message against its exact bytes, both directions. */
class WireCodecTest {

  /** Builds a byte array from ints, so that the bytes can be written and annotated in hex. */
  static byte[] bytes(int... values) {
    byte[] result = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      result[i] = (byte) values[i];
    }
    return result;
  }

  static Stream<Arguments> messages() {
    return Stream.of(
        Arguments.of(PeerMessage.KeepAlive.INSTANCE, bytes(0, 0, 0, 0)), // length 0, no id
        Arguments.of(PeerMessage.Choke.INSTANCE, bytes(0, 0, 0, 1, /* id */ 0)),
        Arguments.of(PeerMessage.Unchoke.INSTANCE, bytes(0, 0, 0, 1, /* id */ 1)),
        Arguments.of(PeerMessage.Interested.INSTANCE, bytes(0, 0, 0, 1, /* id */ 2)),
        Arguments.of(PeerMessage.NotInterested.INSTANCE, bytes(0, 0, 0, 1, /* id */ 3)),
        Arguments.of(
            new PeerMessage.Have(0x01020304),
            bytes(0, 0, 0, 5, /* id */ 4, /* piece */ 1, 2, 3, 4)),
        Arguments.of(
            PeerMessage.Bitfield.ofBytes(bytes(0b1010_0000, 0xFF)),
            bytes(0, 0, 0, 3, /* id */ 5, /* pieces 0 and 2 */ 0xA0, /* pieces 8..15 */ 0xFF)),
        Arguments.of(
            new PeerMessage.Request(1, 0x4000, 0x4000),
            bytes(
                0, 0, 0, 13, /* id */ 6,
                /* piece */ 0, 0, 0, 1,
                /* begin 16384 */ 0, 0, 0x40, 0,
                /* length 16384 */ 0, 0, 0x40, 0)),
        Arguments.of(
            new PeerMessage.Piece(2, 0x8000, ByteBuffer.wrap(bytes(0xDE, 0xAD, 0xBE))),
            bytes(
                0, 0, 0, 12, /* id */ 7,
                /* piece */ 0, 0, 0, 2,
                /* begin 32768 */ 0, 0, 0x80, 0,
                /* block */ 0xDE, 0xAD, 0xBE)),
        Arguments.of(
            new PeerMessage.Cancel(1, 0x4000, 0x4000),
            bytes(0, 0, 0, 13, /* id */ 8, 0, 0, 0, 1, 0, 0, 0x40, 0, 0, 0, 0x40, 0)),
        Arguments.of(
            new PeerMessage.Port(6881),
            bytes(0, 0, 0, 3, /* id */ 9, /* port 6881 */ 0x1A, 0xE1)),
        Arguments.of(
            new PeerMessage.SuggestPiece(7),
            bytes(0, 0, 0, 5, /* id */ 0x0D, /* piece */ 0, 0, 0, 7)),
        Arguments.of(PeerMessage.HaveAll.INSTANCE, bytes(0, 0, 0, 1, /* id */ 0x0E)),
        Arguments.of(PeerMessage.HaveNone.INSTANCE, bytes(0, 0, 0, 1, /* id */ 0x0F)),
        Arguments.of(
            new PeerMessage.RejectRequest(3, 0, 0x4000),
            bytes(0, 0, 0, 13, /* id */ 0x10, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0x40, 0)),
        Arguments.of(
            new PeerMessage.AllowedFast(0x7FFFFFFF),
            bytes(0, 0, 0, 5, /* id */ 0x11, /* largest piece */ 0x7F, 0xFF, 0xFF, 0xFF)),
        Arguments.of(
            new PeerMessage.Extended(0, ByteBuffer.wrap(bytes('d', 'e'))),
            bytes(0, 0, 0, 4, /* id */ 20, /* extended handshake */ 0, /* "de" */ 'd', 'e')),
        Arguments.of(
            new PeerMessage.Extended(255, ByteBuffer.allocate(0)),
            bytes(0, 0, 0, 2, /* id */ 20, /* extended id */ 0xFF)));
  }

  @ParameterizedTest
  @MethodSource("messages")
  void encodesToTheExactBytes(PeerMessage message, byte[] wire) {
    ByteBuffer out = ByteBuffer.allocate(wire.length);
    WireEncoder.encode(message, out);
    assertThat(WireEncoder.encodedLength(message)).isEqualTo(wire.length);
    assertThat(out.hasRemaining()).isFalse();
    assertThat(out.array()).isEqualTo(wire);
  }

  @ParameterizedTest
  @MethodSource("messages")
  void decodesFromTheExactBytesAndReEncodesThem(PeerMessage message, byte[] wire) {
    ByteBuffer in = ByteBuffer.wrap(wire);
    List<PeerMessage> out = new ArrayList<>();
    assertThat(new WireDecoder().decode(in, out)).isEqualTo(DecodeResult.OK);
    assertThat(in.hasRemaining()).isFalse();
    assertThat(out).containsExactly(message);

    ByteBuffer reEncoded = ByteBuffer.allocate(wire.length);
    WireEncoder.encode(out.get(0), reEncoded);
    assertThat(reEncoded.array()).isEqualTo(wire);
  }

  @Test
  void decodedPieceOwnsItsBlockSoTheInputBufferCanBeReused() {
    byte[] wire = bytes(0, 0, 0, 11, 7, 0, 0, 0, 1, 0, 0, 0, 0, /* block */ 0x11, 0x22);
    ByteBuffer in = ByteBuffer.wrap(wire);
    List<PeerMessage> out = new ArrayList<>();
    new WireDecoder().decode(in, out);
    java.util.Arrays.fill(wire, (byte) 0);

    PeerMessage.Piece piece = (PeerMessage.Piece) out.get(0);
    ByteBuffer block = piece.block();
    assertThat(block.isReadOnly()).isTrue();
    assertThat(block.position()).isZero();
    assertThat(block.remaining()).isEqualTo(2);
    assertThat(block.get(0)).isEqualTo((byte) 0x11);
    assertThat(block.get(1)).isEqualTo((byte) 0x22);
  }

  @Test
  void littleEndianBuffersStillReadAndWriteNetworkOrder() {
    ByteBuffer in =
        ByteBuffer.wrap(bytes(0, 0, 0, 5, 4, 0, 0, 0, 9)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    List<PeerMessage> out = new ArrayList<>();
    new WireDecoder().decode(in, out);
    assertThat(out).containsExactly(new PeerMessage.Have(9));

    ByteBuffer encoded = ByteBuffer.allocate(9).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    WireEncoder.encode(new PeerMessage.Have(9), encoded);
    assertThat(encoded.array()).isEqualTo(bytes(0, 0, 0, 5, 4, 0, 0, 0, 9));
  }

  @Test
  void pieceHeaderIsTheFirstThirteenBytesOfTheFullPieceFrame() {
    ByteBuffer header = ByteBuffer.allocate(13);
    WireEncoder.encodePieceHeader(5, 0x4000, 0x4000, header);
    assertThat(header.array())
        .isEqualTo(
            bytes(
                /* 9 + 16384 */ 0, 0, 0x40, 0x09, /* id */ 7,
                /* piece */ 0, 0, 0, 5, /* begin */ 0, 0, 0x40, 0));

    ByteBuffer full = ByteBuffer.allocate(13 + 0x4000);
    WireEncoder.encode(new PeerMessage.Piece(5, 0x4000, ByteBuffer.allocate(0x4000)), full);
    assertThat(java.util.Arrays.copyOf(full.array(), 13)).isEqualTo(header.array());
  }

  @Test
  void encodeIntoTooSmallABufferThrowsAndWritesNothing() {
    ByteBuffer out = ByteBuffer.allocate(16);
    assertThatThrownBy(() -> WireEncoder.encode(new PeerMessage.Request(0, 0, 1), out))
        .isInstanceOf(BufferOverflowException.class);
    assertThat(out.position()).isZero();
    assertThatThrownBy(() -> WireEncoder.encodePieceHeader(0, 0, 1, ByteBuffer.allocate(12)))
        .isInstanceOf(BufferOverflowException.class);
  }

  @Test
  void encodePieceHeaderRejectsNegativeValues() {
    assertThatThrownBy(() -> WireEncoder.encodePieceHeader(-1, 0, 1, ByteBuffer.allocate(13)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> WireEncoder.encodePieceHeader(0, 0, Integer.MAX_VALUE, ByteBuffer.allocate(13)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void bitfieldOfBitSetSetsHighBitFirstAndRoundTrips() {
    BitSet have = new BitSet();
    have.set(0);
    have.set(9);
    PeerMessage.Bitfield bitfield = PeerMessage.Bitfield.of(have, 10);
    assertThat(bitfield.byteLength()).isEqualTo(2);
    ByteBuffer raw = ByteBuffer.allocate(2);
    bitfield.writeTo(raw);
    assertThat(raw.array()).isEqualTo(bytes(/* piece 0 */ 0x80, /* piece 9 */ 0x40));
    assertThat(bitfield.has(0)).isTrue();
    assertThat(bitfield.has(1)).isFalse();
    assertThat(bitfield.has(9)).isTrue();
    assertThat(bitfield.has(16)).isFalse();
    assertThat(bitfield.has(-1)).isFalse();
    assertThat(bitfield.toBitSet()).isEqualTo(have);
    assertThat(bitfield.hasSpareBitsSet(10)).isFalse();
    assertThat(PeerMessage.Bitfield.ofBytes(bytes(0x80, 0x40))).isEqualTo(bitfield);
    assertThat(PeerMessage.Bitfield.ofBytes(bytes(0x80, 0x40)).hashCode())
        .isEqualTo(bitfield.hashCode());
  }

  @Test
  void bitfieldOfRejectsABitBeyondThePieceCount() {
    BitSet have = new BitSet();
    have.set(10);
    assertThatThrownBy(() -> PeerMessage.Bitfield.of(have, 10))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void bitfieldSpareBits() {
    // 10 pieces use 2 bytes; bits 10..15 are spare.
    assertThat(PeerMessage.Bitfield.ofBytes(bytes(0xFF, 0xC0)).hasSpareBitsSet(10)).isFalse();
    assertThat(PeerMessage.Bitfield.ofBytes(bytes(0xFF, 0xE0)).hasSpareBitsSet(10)).isTrue();
    assertThat(PeerMessage.Bitfield.ofBytes(bytes(0xFF, 0x01)).hasSpareBitsSet(10)).isTrue();
    // 8 pieces fill one byte exactly; any extra byte is spare.
    assertThat(PeerMessage.Bitfield.ofBytes(bytes(0xFF)).hasSpareBitsSet(8)).isFalse();
    assertThat(PeerMessage.Bitfield.ofBytes(bytes(0xFF, 0x01)).hasSpareBitsSet(8)).isTrue();
  }

  @Test
  void messagesWithBuffersCompareByContentAndHideTheirPosition() {
    PeerMessage.Piece a = new PeerMessage.Piece(1, 0, ByteBuffer.wrap(bytes(1, 2, 3)));
    ByteBuffer shifted = ByteBuffer.wrap(bytes(9, 1, 2, 3));
    shifted.position(1);
    PeerMessage.Piece b = new PeerMessage.Piece(1, 0, shifted);
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    a.block().get(); // moves only the duplicate
    assertThat(a.blockLength()).isEqualTo(3);
    assertThat(a).isNotEqualTo(new PeerMessage.Piece(1, 0, ByteBuffer.wrap(bytes(1, 2, 4))));
    assertThat(new PeerMessage.Extended(3, ByteBuffer.wrap(bytes(1))))
        .isEqualTo(new PeerMessage.Extended(3, ByteBuffer.wrap(bytes(1))));
  }

  @Test
  void constructorsRejectImpossibleValues() {
    assertThatThrownBy(() -> new PeerMessage.Have(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PeerMessage.Request(0, -1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PeerMessage.Cancel(0, 0, -1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PeerMessage.RejectRequest(-1, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PeerMessage.Piece(0, -1, ByteBuffer.allocate(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PeerMessage.Port(65536))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PeerMessage.Extended(256, ByteBuffer.allocate(0)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PeerMessage.SuggestPiece(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PeerMessage.AllowedFast(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void messageTypeIdsAreUniqueAndLookUpBothWays() {
    for (MessageType type : MessageType.values()) {
      assertThat(MessageType.forId(type.id())).isSameAs(type);
    }
    assertThat(MessageType.forId(10)).isNull();
    assertThat(MessageType.forId(-1)).isNull();
    assertThat(MessageType.forId(256)).isNull();
  }
}
