package io.seedfleet.engine.wire.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seedfleet.engine.metainfo.InfoHash;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MetadataAssemblerTest {
  private static final byte[] METADATA = new byte[40_000]; // 3 pieces: 16384, 16384, 7232

  static {
    new Random(9).nextBytes(METADATA);
  }

  private static InfoHash hashOf(byte[] data) throws Exception {
    return InfoHash.of(MessageDigest.getInstance("SHA-1").digest(data));
  }

  private static ByteBuffer piece(byte[] data, int index) {
    return ((UtMetadataMessage.Data) UtMetadata.answer(data, index)).data();
  }

  @Test
  void assemblesInAnyOrderAndVerifies() throws Exception {
    MetadataAssembler assembler = new MetadataAssembler(hashOf(METADATA), METADATA.length);
    assertThat(assembler.pieceCount()).isEqualTo(3);
    assertThat(assembler.accept(2, piece(METADATA, 2), 7)).isEqualTo(MetadataAssembler.Accepted.STORED);
    assertThat(assembler.accept(2, piece(METADATA, 2), 8)).isEqualTo(MetadataAssembler.Accepted.DUPLICATE);
    assertThat(assembler.nextMissing(new BitSet())).isZero();
    BitSet inFlight = new BitSet();
    inFlight.set(0);
    assertThat(assembler.nextMissing(inFlight)).isEqualTo(1);
    assembler.accept(0, piece(METADATA, 0), 7);
    assertThat(assembler.isComplete()).isFalse();
    assertThatThrownBy(assembler::verify).isInstanceOf(IllegalStateException.class);
    assembler.accept(1, piece(METADATA, 1), 9);
    assertThat(assembler.nextMissing(new BitSet())).isEqualTo(-1);
    assertThat(assembler.verify()).isInstanceOfSatisfying(MetadataAssembler.Verification.Verified.class,
        v -> assertThat(v.infoDict()).isEqualTo(METADATA));
  }

  @Test
  void refusesWrongSizesAndIndices() throws Exception {
    MetadataAssembler assembler = new MetadataAssembler(hashOf(METADATA), METADATA.length);
    assertThat(assembler.accept(2, ByteBuffer.allocate(16384), 1)).isEqualTo(MetadataAssembler.Accepted.WRONG_SIZE);
    assertThat(assembler.accept(0, ByteBuffer.allocate(100), 1)).isEqualTo(MetadataAssembler.Accepted.WRONG_SIZE);
    assertThat(assembler.accept(3, ByteBuffer.allocate(100), 1)).isEqualTo(MetadataAssembler.Accepted.OUT_OF_RANGE);
    assertThat(assembler.piecesHave()).isZero();
    assertThatThrownBy(() -> new MetadataAssembler(hashOf(METADATA), UtMetadata.MAX_METADATA_SIZE + 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new MetadataAssembler(hashOf(METADATA), 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void mismatchDiscardsEverythingAndNamesAllSources() throws Exception {
    byte[] forged = METADATA.clone();
    forged[20_000] ^= 1;
    MetadataAssembler assembler = new MetadataAssembler(hashOf(METADATA), METADATA.length);
    assembler.accept(0, piece(forged, 0), 1);
    assembler.accept(1, piece(forged, 1), 2);
    assembler.accept(2, piece(forged, 2), 1);
    assertThat(assembler.verify()).isInstanceOfSatisfying(MetadataAssembler.Verification.Mismatch.class,
        m -> assertThat(m.sources()).containsExactlyInAnyOrder(1, 2));
    assertThat(assembler.piecesHave()).isZero();
    for (int i = 0; i < 3; i++) {
      assembler.accept(i, piece(METADATA, i), 3);
    }
    assertThat(assembler.verify()).isInstanceOf(MetadataAssembler.Verification.Verified.class);
  }
}
