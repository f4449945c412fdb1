package io.seedfleet.engine.torrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PieceBuffersTest {
  private static final int PIECE = 32 * 1024;

  /** Hands out one buffer through the public path: the first block of a piece, then take. */
  private static ByteBuffer assemble(PieceBuffers buffers, int piece) {
    buffers.put(piece, 0, ByteBuffer.wrap(new byte[] {(byte) piece}));
    return buffers.take(piece);
  }

  @Test
  void assemblesBlocksAtTheirOffsets() {
    PieceBuffers buffers = new PieceBuffers(PIECE);
    buffers.put(3, 16 * 1024, ByteBuffer.wrap(new byte[] {7, 8}));
    buffers.put(3, 0, ByteBuffer.wrap(new byte[] {1, 2}));
    ByteBuffer data = buffers.take(3);
    assertThat(data.remaining()).isEqualTo(PIECE);
    assertThat(new byte[] {data.get(0), data.get(1), data.get(16 * 1024), data.get(16 * 1024 + 1)})
        .containsExactly(1, 2, 7, 8);
    assertThat(data.isDirect()).isTrue();
    assertThat(data.alignmentOffset(0, 4096)).as("aligned for O_DIRECT").isZero();
  }

  @Test
  void aRecycledBufferComesBackWhole() {
    PieceBuffers buffers = new PieceBuffers(PIECE);
    ByteBuffer first = buffers.take(put(buffers, 0));
    first.limit(100).position(50); // as a short last piece and a reader leave it
    buffers.recycle(first);
    ByteBuffer again = buffers.take(put(buffers, 1));
    assertThat(again).isSameAs(first);
    assertThat(again.position()).isZero();
    assertThat(again.limit()).isEqualTo(PIECE);
  }

  private static int put(PieceBuffers buffers, int piece) {
    buffers.put(piece, 0, ByteBuffer.wrap(new byte[] {1}));
    return piece;
  }

  @Test
  void keepsEveryRecycledBufferUpToTheBudget() {
    int fit = 10;
    PieceBuffers buffers = new PieceBuffers(PIECE, (long) fit * PIECE);
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
  void droppedPoolHandsOutFreshBuffers() {
    PieceBuffers buffers = new PieceBuffers(PIECE);
    ByteBuffer first = assemble(buffers, 0);
    buffers.recycle(first);
    buffers.dropPool();
    assertThat(assemble(buffers, 1)).isNotSameAs(first);
  }

  @Test
  void budgetAllowsAtLeastFourPieces() {
    assertThat(PieceBuffers.maxPieces(Integer.MAX_VALUE)).isEqualTo(4);
    assertThat(PieceBuffers.maxPieces(1 << 20)).isEqualTo((int) (PieceBuffers.BUDGET_BYTES >> 20));
  }
}
