package io.seedfleet.engine.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seedfleet.engine.wire.WireRules.Code;
import io.seedfleet.engine.wire.WireRules.Geometry;
import java.nio.ByteBuffer;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

class WireRulesTest {
  /** 10 pieces of 32 KiB, the last one 20 000 bytes. */
  private static final Geometry GEOMETRY = new Geometry(10, 32768, 9 * 32768L + 20_000);

  private static Code code(PeerMessage message) {
    WireRules.Violation violation = WireRules.check(message, GEOMETRY);
    assertThat(violation).as("violation for %s", message).isNotNull();
    assertThat(violation.message()).isNotBlank();
    return violation.code();
  }

  @Test
  void geometryComputesTheLastPieceSize() {
    assertThat(GEOMETRY.pieceSize(0)).isEqualTo(32768);
    assertThat(GEOMETRY.pieceSize(9)).isEqualTo(20_000);
    assertThatThrownBy(() -> GEOMETRY.pieceSize(10)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(new Geometry(2, 16384, 32768).pieceSize(1)).isEqualTo(16384);
    assertThatThrownBy(() -> new Geometry(3, 16384, 32768))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Geometry(0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void validMessagesPass() {
    BitSet all = new BitSet();
    all.set(0, 10);
    assertThat(WireRules.check(new PeerMessage.Have(9), GEOMETRY)).isNull();
    assertThat(WireRules.check(PeerMessage.Bitfield.of(all, 10), GEOMETRY)).isNull();
    assertThat(WireRules.check(new PeerMessage.Request(9, 16384, 20_000 - 16384), GEOMETRY))
        .isNull();
    assertThat(WireRules.check(new PeerMessage.Request(0, 0, 32768), GEOMETRY)).isNull();
    assertThat(
            WireRules.check(new PeerMessage.Piece(0, 16384, ByteBuffer.allocate(16384)), GEOMETRY))
        .isNull();
    assertThat(WireRules.check(new PeerMessage.SuggestPiece(0), GEOMETRY)).isNull();
    assertThat(WireRules.check(new PeerMessage.AllowedFast(9), GEOMETRY)).isNull();
    assertThat(WireRules.check(PeerMessage.Choke.INSTANCE, GEOMETRY)).isNull();
    assertThat(WireRules.check(new PeerMessage.Extended(1, ByteBuffer.allocate(3)), GEOMETRY))
        .isNull();
  }

  @Test
  void haveOutOfRange() {
    assertThat(code(new PeerMessage.Have(10))).isEqualTo(Code.HAVE_OUT_OF_RANGE);
  }

  @Test
  void bitfieldOfTheWrongSize() {
    assertThat(code(PeerMessage.Bitfield.ofBytes(new byte[1]))).isEqualTo(Code.BITFIELD_WRONG_SIZE);
    assertThat(code(PeerMessage.Bitfield.ofBytes(new byte[3]))).isEqualTo(Code.BITFIELD_WRONG_SIZE);
    assertThat(code(PeerMessage.Bitfield.ofBytes(new byte[0]))).isEqualTo(Code.BITFIELD_WRONG_SIZE);
  }

  @Test
  void bitfieldWithSpareBitsSet() {
    // Pieces 0..9 use bits 0..9; bit 10 (0x20 of byte 1) is spare.
    assertThat(code(PeerMessage.Bitfield.ofBytes(new byte[] {(byte) 0xFF, (byte) 0xE0})))
        .isEqualTo(Code.BITFIELD_SPARE_BITS);
  }

  @Test
  void requestOutOfRange() {
    assertThat(code(new PeerMessage.Request(10, 0, 16384))).isEqualTo(Code.REQUEST_OUT_OF_RANGE);
    assertThat(code(new PeerMessage.Request(0, 16384, 16385))).isEqualTo(Code.REQUEST_OUT_OF_RANGE);
    assertThat(code(new PeerMessage.Request(9, 16384, 16384))).isEqualTo(Code.REQUEST_OUT_OF_RANGE);
    assertThat(code(new PeerMessage.Request(0, 0, 0))).isEqualTo(Code.REQUEST_OUT_OF_RANGE);
    // begin + length overflows an int: must still be caught
    assertThat(code(new PeerMessage.Request(0, Integer.MAX_VALUE, 16384)))
        .isEqualTo(Code.REQUEST_OUT_OF_RANGE);
  }

  @Test
  void requestLongerThan128KibIsRejectedEvenInsideALargePiece() {
    Geometry large = new Geometry(1, 4 << 20, 4 << 20);
    assertThat(WireRules.check(new PeerMessage.Request(0, 0, 128 * 1024), large)).isNull();
    assertThat(WireRules.check(new PeerMessage.Request(0, 0, 128 * 1024 + 1), large).code())
        .isEqualTo(Code.REQUEST_OUT_OF_RANGE);
  }

  @Test
  void cancelAndRejectOutOfRange() {
    assertThat(code(new PeerMessage.Cancel(11, 0, 16384))).isEqualTo(Code.CANCEL_OUT_OF_RANGE);
    assertThat(code(new PeerMessage.RejectRequest(0, 32768, 1)))
        .isEqualTo(Code.REJECT_OUT_OF_RANGE);
  }

  @Test
  void pieceOutOfRange() {
    assertThat(code(new PeerMessage.Piece(10, 0, ByteBuffer.allocate(1))))
        .isEqualTo(Code.PIECE_OUT_OF_RANGE);
    assertThat(code(new PeerMessage.Piece(9, 16384, ByteBuffer.allocate(16384))))
        .isEqualTo(Code.PIECE_OUT_OF_RANGE);
    assertThat(code(new PeerMessage.Piece(0, 0, ByteBuffer.allocate(0))))
        .isEqualTo(Code.PIECE_OUT_OF_RANGE);
  }

  @Test
  void suggestAndAllowedFastOutOfRange() {
    assertThat(code(new PeerMessage.SuggestPiece(10))).isEqualTo(Code.SUGGEST_OUT_OF_RANGE);
    assertThat(code(new PeerMessage.AllowedFast(Integer.MAX_VALUE)))
        .isEqualTo(Code.ALLOWED_FAST_OUT_OF_RANGE);
  }

  @Test
  void blockArithmetic() {
    assertThat(Blocks.BLOCK_SIZE).isEqualTo(16384);
    assertThat(Blocks.blockCount(0)).isZero();
    assertThat(Blocks.blockCount(1)).isEqualTo(1);
    assertThat(Blocks.blockCount(16384)).isEqualTo(1);
    assertThat(Blocks.blockCount(16385)).isEqualTo(2);
    assertThat(Blocks.blockCount(20_000)).isEqualTo(2);
    assertThat(Blocks.blockLength(20_000, 0)).isEqualTo(16384);
    assertThat(Blocks.blockLength(20_000, 1)).isEqualTo(20_000 - 16384);
    assertThat(Blocks.blockLength(32768, 1)).isEqualTo(16384);
    assertThat(Blocks.blockBegin(3)).isEqualTo(3 * 16384);
    assertThatThrownBy(() -> Blocks.blockLength(20_000, 2))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> Blocks.blockCount(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
