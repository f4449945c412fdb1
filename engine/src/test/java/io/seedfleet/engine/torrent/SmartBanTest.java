package io.seedfleet.engine.torrent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmartBanTest {
  private static final int BLOCK = 16 * 1024;
  private final SmartBan ban = new SmartBan(4 * BLOCK);

  @Test
  void aFailedPieceFromOnePeerBansThatPeer() {
    for (int b = 0; b < 4; b++) {
      ban.recordSender(7, b * BLOCK, 3);
    }
    assertThat(ban.pieceFailed(7, new long[] {1, 2, 3, 4})).containsExactly(3);
  }

  @Test
  void withSeveralSendersTheLiarIsFoundWhenThePieceLaterPasses() {
    ban.recordSender(7, 0, 1);
    ban.recordSender(7, BLOCK, 2);
    ban.recordSender(7, 2 * BLOCK, 1);
    ban.recordSender(7, 3 * BLOCK, 2);
    assertThat(ban.pieceFailed(7, new long[] {10, 99, 30, 40})).isEmpty();
    assertThat(ban.needsDigestsOnSuccess(7)).isTrue();

    ban.recordSender(7, 0, 5);
    ban.recordSender(7, BLOCK, 5);
    ban.recordSender(7, 2 * BLOCK, 5);
    ban.recordSender(7, 3 * BLOCK, 5);
    assertThat(ban.pieceVerified(7, new long[] {10, 20, 30, 40})).containsExactly(2);
    assertThat(ban.needsDigestsOnSuccess(7)).isFalse();
  }

  @Test
  void repeatedInvolvementInFailuresBansAfterThreeStrikes() {
    for (int piece = 0; piece < SmartBan.STRIKES_TO_BAN; piece++) {
      ban.recordSender(piece, 0, 1);
      ban.recordSender(piece, BLOCK, 2);
      var banned = ban.pieceFailed(piece, new long[] {piece, piece});
      if (piece < SmartBan.STRIKES_TO_BAN - 1) {
        assertThat(banned).isEmpty();
      } else {
        assertThat(banned).containsExactlyInAnyOrder(1, 2);
      }
    }
  }

  @Test
  void goodPiecesEarnCreditSoAnHonestPeerSharingPiecesWithALiarIsNotBanned() {
    int piece = 0;
    for (int round = 0; round < 20; round++) {
      // A piece only the honest peer (1) sent passes...
      ban.recordSender(piece, 0, 1);
      assertThat(ban.pieceVerified(piece++, null)).isEmpty();
      // ...and a piece it shared with the liar (2) fails.
      ban.recordSender(piece, 0, 1);
      ban.recordSender(piece, BLOCK, 2);
      assertThat(ban.pieceFailed(piece++, new long[] {1, 2})).doesNotContain(1);
    }
  }

  @Test
  void failuresSharedWithAConvictedLiarAreBlamedOnTheLiarAlone() {
    ban.recordSender(0, 0, 2);
    assertThat(ban.pieceFailed(0, new long[] {9})).containsExactly(2);
    for (int piece = 1; piece <= 2 * SmartBan.STRIKES_TO_BAN; piece++) {
      ban.recordSender(piece, 0, 1);
      ban.recordSender(piece, BLOCK, 2);
      assertThat(ban.pieceFailed(piece, new long[] {1, 2})).isEmpty();
    }
  }

  @Test
  void aPieceThatPassesFirstTimeConvictsNobody() {
    ban.recordSender(2, 0, 1);
    assertThat(ban.needsDigestsOnSuccess(2)).isFalse();
    assertThat(ban.pieceVerified(2, null)).isEmpty();
  }
}
