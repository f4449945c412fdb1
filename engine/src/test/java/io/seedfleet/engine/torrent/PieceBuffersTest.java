package io.seedfleet.engine.torrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PieceBuffersTest {
  private static final int BLOCK = 16 * 1024;
  private static final int PIECE = 2 * BLOCK;
  /** Ten full pieces and a last one of a block and a half. */
  private static final long TOTAL = 10L * PIECE + BLOCK + BLOCK / 2;
  private static final int PEER_A = 0;
  private static final int PEER_B = 7;

  private static ByteBuffer block(int length, int fill) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, (byte) fill);
    return ByteBuffer.wrap(bytes);
  }

  /** Hands out one buffer through the public path: open, fill every block, take. */
  private static ByteBuffer assemble(PieceBuffers buffers, int piece) {
    buffers.open(piece);
    buffers.putCopy(piece, 0, block(BLOCK, piece), PEER_A);
    buffers.putCopy(piece, BLOCK, block(BLOCK, piece), PEER_A);
    return buffers.take(piece);
  }

  @Test
  void assemblesBlocksAtTheirOffsets() {
    PieceBuffers buffers = new PieceBuffers(PIECE, TOTAL);
    buffers.open(3);
    assertThat(buffers.putCopy(3, BLOCK, block(BLOCK, 8), PEER_A)).isEqualTo(PEER_A);
    assertThat(buffers.putCopy(3, 0, block(BLOCK, 1), PEER_B)).isEqualTo(PEER_B);
    ByteBuffer data = buffers.take(3);
    assertThat(data.remaining()).isEqualTo(PIECE);
    assertThat(new byte[] {data.get(0), data.get(BLOCK - 1), data.get(BLOCK), data.get(PIECE - 1)})
        .containsExactly(1, 1, 8, 8);
    assertThat(data.isDirect()).isTrue();
    assertThat(data.alignmentOffset(0, 4096)).as("aligned for O_DIRECT").isZero();
  }

  @Test
  void aLandedBlockIsCopiedFromTheReadBufferOnceAndItsSenderRemembered() {
    PieceBuffers buffers = new PieceBuffers(PIECE, TOTAL);
    buffers.open(2);
    ByteBuffer readBuffer = ByteBuffer.allocateDirect(3 * BLOCK);
    for (int i = 0; i < readBuffer.capacity(); i++) {
      readBuffer.put(i, (byte) (i / BLOCK + 1)); // 1, 2, 3 per block-sized stretch
    }
    readBuffer.position(5); // the caller's position is its own business
    ByteBuffer view = buffers.land(2, BLOCK, readBuffer, BLOCK, BLOCK, PEER_B);
    assertThat(view).isNotNull();
    assertThat(view.remaining()).isEqualTo(BLOCK);
    assertThat(PieceBuffers.isLanded(view)).isTrue();
    assertThat(PieceBuffers.isLanded(block(BLOCK, 0))).as("the decoder's copies are heap buffers").isFalse();
    assertThat(readBuffer.position()).isEqualTo(5);
    assertThat(buffers.filledBy(2, BLOCK)).isEqualTo(PEER_B);
    assertThat(buffers.filledBy(2, 0)).as("not landed yet").isEqualTo(-1);

    buffers.putCopy(2, 0, block(BLOCK, 9), PEER_A);
    ByteBuffer data = buffers.take(2);
    assertThat(data.get(0)).isEqualTo((byte) 9);
    assertThat(data.get(BLOCK)).isEqualTo((byte) 2);
    assertThat(data.get(PIECE - 1)).isEqualTo((byte) 2);
  }

  @Test
  void theFirstCopyOfABlockStaysAndALaterOneIsDropped() {
    PieceBuffers buffers = new PieceBuffers(PIECE, TOTAL);
    buffers.open(0);
    ByteBuffer fromA = ByteBuffer.allocateDirect(BLOCK);
    fromA.put(0, (byte) 0x11);
    buffers.land(0, 0, fromA, 0, BLOCK, PEER_A);
    ByteBuffer fromB = ByteBuffer.allocateDirect(BLOCK);
    fromB.put(0, (byte) 0x22);
    assertThat(buffers.land(0, 0, fromB, 0, BLOCK, PEER_B)).as("a view all the same").isNotNull();
    assertThat(buffers.putCopy(0, 0, block(BLOCK, 0x33), PEER_B)).isEqualTo(PEER_A);
    assertThat(buffers.filledBy(0, 0)).isEqualTo(PEER_A);
    buffers.putCopy(0, BLOCK, block(BLOCK, 0), PEER_A);
    assertThat(buffers.take(0).get(0)).isEqualTo((byte) 0x11);
  }

  @Test
  void blocksThatFitNoSlotOrPieceAreLeftToTheCaller() {
    PieceBuffers buffers = new PieceBuffers(PIECE, TOTAL);
    ByteBuffer source = ByteBuffer.allocateDirect(2 * BLOCK);
    assertThat(buffers.land(1, 0, source, 0, BLOCK, PEER_A)).as("piece not opened").isNull();
    assertThat(buffers.putCopy(1, 0, block(BLOCK, 1), PEER_A)).isEqualTo(-1);
    buffers.open(1);
    assertThat(buffers.land(1, 100, source, 0, BLOCK, PEER_A)).as("not at a block boundary").isNull();
    assertThat(buffers.land(1, 0, source, 0, BLOCK - 1, PEER_A)).as("short").isNull();
    assertThat(buffers.land(1, 0, source, 0, BLOCK + 1, PEER_A)).as("long").isNull();
    assertThat(buffers.land(1, PIECE, source, 0, BLOCK, PEER_A)).as("beyond the piece").isNull();
    assertThat(buffers.land(-1, 0, source, 0, BLOCK, PEER_A)).isNull();
    assertThat(buffers.filledBy(1, 0)).isEqualTo(-1);
    assertThat(buffers.filledBy(11, 0)).as("a piece past the end").isEqualTo(-1);
  }

  @Test
  void theShortLastPieceHasAShortLastBlock() {
    PieceBuffers buffers = new PieceBuffers(PIECE, TOTAL);
    int last = 10;
    buffers.open(last);
    ByteBuffer source = ByteBuffer.allocateDirect(BLOCK);
    assertThat(buffers.land(last, BLOCK, source, 0, BLOCK, PEER_A)).as("a full block past the end").isNull();
    assertThat(buffers.land(last, BLOCK, source, 0, BLOCK / 2, PEER_A)).isNotNull();
    assertThat(buffers.filledBy(last, BLOCK)).isEqualTo(PEER_A);
  }

  @Test
  void aTakenPieceTakesNoMoreBlocks() {
    PieceBuffers buffers = new PieceBuffers(PIECE, TOTAL);
    ByteBuffer data = assemble(buffers, 4);
    assertThat(buffers.land(4, 0, ByteBuffer.allocateDirect(BLOCK), 0, BLOCK, PEER_B)).isNull();
    assertThat(buffers.filledBy(4, 0)).isEqualTo(-1);
    assertThat(data.get(0)).isEqualTo((byte) 4);
  }

  @Test
  void openingTwiceKeepsWhatLanded() {
    PieceBuffers buffers = new PieceBuffers(PIECE, TOTAL);
    buffers.open(5);
    buffers.putCopy(5, 0, block(BLOCK, 5), PEER_B);
    buffers.open(5);
    assertThat(buffers.filledBy(5, 0)).isEqualTo(PEER_B);
  }

  @Test
  void aRecycledBufferComesBackWhole() {
    PieceBuffers buffers = new PieceBuffers(PIECE, TOTAL);
    ByteBuffer first = assemble(buffers, 0);
    first.limit(100).position(50); // as a short last piece and a reader leave it
    buffers.recycle(first);
    ByteBuffer again = assemble(buffers, 1);
    assertThat(again).isSameAs(first);
    assertThat(again.position()).isZero();
    assertThat(again.limit()).isEqualTo(PIECE);
  }

  @Test
  void keepsEveryRecycledBufferUpToTheBudget() {
    int fit = 4;
    PieceBuffers buffers = new PieceBuffers(PIECE, TOTAL, (long) fit * PIECE);
    Set<ByteBuffer> recycled = Collections.newSetFromMap(new IdentityHashMap<>());
    List<ByteBuffer> handedOut = new ArrayList<>();
    for (int piece = 0; piece < fit + 5; piece++) {
      handedOut.add(assemble(buffers, piece));
    }
    for (ByteBuffer data : handedOut) {
      buffers.recycle(data);
      recycled.add(data);
    }
    int reused = 0;
    for (int piece = 0; piece < fit + 5; piece++) {
      if (recycled.contains(assemble(buffers, piece))) {
        reused++;
      }
    }
    assertThat(reused).isEqualTo(fit);
  }

  @Test
  void aCompletedTorrentsBuffersServeTheNextDownload() {
    IdlePieceBuffers idle = new IdlePieceBuffers(4L * PIECE);
    PieceBuffers finished = new PieceBuffers(PIECE, TOTAL, PieceBuffers.BUDGET_BYTES, idle);
    ByteBuffer first = assemble(finished, 0);
    finished.recycle(first);
    finished.dropPool();
    assertThat(idle.idleBytes()).isEqualTo(PIECE);
    assertThat(assemble(finished, 1)).as("taken back from the idle buffers").isSameAs(first);

    PieceBuffers next = new PieceBuffers(PIECE, TOTAL, PieceBuffers.BUDGET_BYTES, idle);
    finished.recycle(first);
    finished.dropPool();
    assertThat(assemble(next, 0)).isSameAs(first);
    assertThat(idle.idleBytes()).isZero();
    PieceBuffers otherLength = new PieceBuffers(2 * PIECE, TOTAL, PieceBuffers.BUDGET_BYTES, idle);
    otherLength.open(0);
    assertThat(otherLength.take(0).capacity()).isEqualTo(2 * PIECE);
  }

  @Test
  void budgetAllowsAtLeastFourPieces() {
    assertThat(PieceBuffers.maxPieces(Integer.MAX_VALUE)).isEqualTo(4);
    assertThat(PieceBuffers.maxPieces(1 << 20)).isEqualTo((int) (PieceBuffers.BUDGET_BYTES >> 20));
  }
}
