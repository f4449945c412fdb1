package io.seedfleet.engine.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PIECE blocks offered to a {@link BlockSink} before the decoder copies them. */
class WireDecoderSinkTest {

  /** Takes the blocks of even pieces (copying them, as the piece buffers do) and leaves the rest. */
  private static final class EvenPieces implements BlockSink {
    final Map<Long, byte[]> landed = new HashMap<>();
    final ByteBuffer marker = ByteBuffer.allocateDirect(0);

    @Override
    public ByteBuffer land(int piece, int begin, ByteBuffer frame, int index, int length) {
      if (piece % 2 != 0) {
        return null;
      }
      byte[] copy = new byte[length];
      frame.get(index, copy);
      landed.put(key(piece, begin), copy);
      return marker;
    }
  }

  private static long key(int piece, int begin) {
    return (long) piece << 32 | begin;
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4})
  void landedBlocksSkipTheCopyAndEveryOtherMessageDecodesAsBefore(long seed) {
    Random random = new Random(seed);
    List<PeerMessage> sent = new ArrayList<>();
    for (PeerMessage message : WireDecoderTest.randomMessages(random, 300)) {
      if (!(message instanceof PeerMessage.Piece)) {
        sent.add(message);
      }
      // Distinct blocks, some bigger than others, so a reused carry array is sometimes too small.
      byte[] block = new byte[1 + random.nextInt(20_000)];
      random.nextBytes(block);
      sent.add(new PeerMessage.Piece(random.nextInt(50), sent.size(), ByteBuffer.wrap(block)));
    }
    byte[] stream = WireDecoderTest.encodeAll(sent);

    EvenPieces sink = new EvenPieces();
    WireDecoder decoder = new WireDecoder(WireDecoder.DEFAULT_MAX_MESSAGE_LENGTH, sink);
    List<PeerMessage> out = new ArrayList<>();
    ByteBuffer reused = ByteBuffer.allocateDirect(40_000);
    int offset = 0;
    while (offset < stream.length) { // splits that cut most frames, so carried frames land too
      int chunk = Math.min(stream.length - offset, 1 + random.nextInt(random.nextBoolean() ? 30 : 40_000));
      reused.clear();
      reused.put(stream, offset, chunk).flip();
      assertThat(decoder.decode(reused, out)).isEqualTo(DecodeResult.OK);
      offset += chunk;
    }

    assertThat(out).hasSameSizeAs(sent);
    int landedCount = 0;
    for (int i = 0; i < sent.size(); i++) {
      if (sent.get(i) instanceof PeerMessage.Piece piece && piece.piece() % 2 == 0) {
        PeerMessage.Piece decoded = (PeerMessage.Piece) out.get(i);
        assertThat(decoded.piece()).isEqualTo(piece.piece());
        assertThat(decoded.begin()).isEqualTo(piece.begin());
        assertThat(decoded.block().isDirect()).as("the sink's buffer, not a copy").isTrue();
        assertThat(ByteBuffer.wrap(sink.landed.get(key(piece.piece(), piece.begin())))).isEqualTo(piece.block());
        landedCount++;
      } else {
        assertThat(out.get(i)).isEqualTo(sent.get(i));
      }
    }
    assertThat(landedCount).isGreaterThan(50);
    assertThat(sink.landed).hasSize(landedCount);
  }
}
