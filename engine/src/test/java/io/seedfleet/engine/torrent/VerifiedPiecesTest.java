package io.seedfleet.engine.torrent;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedfleet.engine.metainfo.Metainfo;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class VerifiedPiecesTest {
  /** 40000 bytes in pieces of 16384: the last piece holds 7232. */
  private static Metainfo threePieces() throws Exception {
    String info = "d6:lengthi40000e4:name1:a12:piece lengthi16384e6:pieces60:" + "a".repeat(60) + "e";
    return Metainfo.fromInfoDict(info.getBytes(StandardCharsets.US_ASCII), List.of());
  }

  @Test
  void theShortLastPieceCountsOnlyItsOwnBytes() throws Exception {
    VerifiedPieces pieces = new VerifiedPieces(threePieces());
    assertThat(pieces.verifiedBytes()).isZero();
    assertThat(pieces.bytesLeft()).isEqualTo(40_000);
    pieces.add(2);
    assertThat(pieces.verifiedBytes()).isEqualTo(7_232);
    pieces.add(0);
    assertThat(pieces.verifiedBytes()).isEqualTo(16_384 + 7_232);
    assertThat(pieces.bytesLeft()).isEqualTo(16_384);
  }

  @Test
  void aPieceVerifiedTwiceCountsOnce() throws Exception {
    VerifiedPieces pieces = new VerifiedPieces(threePieces());
    assertThat(pieces.wantedRemaining()).isEqualTo(3);
    assertThat(pieces.add(1)).isTrue();
    assertThat(pieces.add(1)).isFalse();
    assertThat(pieces.count()).isEqualTo(1);
    assertThat(pieces.wantedRemaining()).isEqualTo(2);
  }

  @Test
  void aCheckReplacesTheVerifiedSetAndWantsEveryMissingPiece() throws Exception {
    VerifiedPieces pieces = new VerifiedPieces(threePieces());
    pieces.wantedRemaining(0);
    BitSet verified = new BitSet();
    verified.set(0, 3);
    pieces.checked(verified);
    assertThat(pieces.all()).isTrue();
    assertThat(pieces.wantedComplete()).isTrue();
    assertThat(pieces.bytesLeft()).isZero();
    pieces.checked(new BitSet());
    assertThat(pieces.all()).isFalse();
    assertThat(pieces.wantedRemaining()).isEqualTo(3);
  }
}
