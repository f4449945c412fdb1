package io.seedfleet.engine.resume;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.storage.FileStamp;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class ResumeCodecTest {
  static final InfoHash HASH = InfoHash.fromHex("0123456789abcdef0123456789abcdef01234567");
  static final ResumeCodec.Expected EXPECTED = new ResumeCodec.Expected(HASH, 32768, 70, 3);

  static ResumeState sample() {
    BitSet verified = new BitSet();
    verified.set(0, 10);
    verified.set(64);
    verified.set(69);
    return new ResumeState(HASH, 32768, 70, verified,
        List.of(new FileStamp(100_000, 1_700_000_000_123L), FileStamp.ABSENT, new FileStamp(0, 5)), 1_800_000_000_000L);
  }

  private static ResumeLoad decode(byte[] bytes) {
    return ResumeCodec.decode(bytes, EXPECTED);
  }

  private static ResumeLoad.Reason reason(ResumeLoad load) {
    assertThat(load).isInstanceOf(ResumeLoad.Unusable.class);
    return ((ResumeLoad.Unusable) load).reason();
  }

  /** Rewrites the CRC after tampering, so the body checks themselves are reached. */
  private static byte[] withValidCrc(byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, bytes.length - 4);
    ByteBuffer.wrap(bytes).putInt(bytes.length - 4, (int) crc.getValue());
    return bytes;
  }

  @Test
  void roundTrip() {
    byte[] bytes = ResumeCodec.encode(sample());
    ResumeLoad load = decode(bytes);
    assertThat(load).isEqualTo(new ResumeLoad.Usable(sample()));
    assertThat(ResumeCodec.encode(((ResumeLoad.Usable) load).state())).isEqualTo(bytes);
  }

  @Test
  void headerIsMagicThenBigEndianVersionThenKryoClassId() {
    byte[] bytes = ResumeCodec.encode(sample());
    assertThat(Arrays.copyOf(bytes, 7)).containsExactly(
        'S', 'F', 'R', 'S', // magic
        0, 1, // format version 1
        ResumeCodec.STATE_ID + 2); // Kryo writes a registered class as id + 2 (0 is null, 1 a name)
    assertThat(Arrays.copyOfRange(bytes, 7, 27)).isEqualTo(HASH.bytes());
    assertThat((long) bytes.length).isLessThanOrEqualTo(EXPECTED.maxEncodedSize());
  }

  @Test
  void anotherFormatVersionIsUnusable() {
    byte[] bytes = ResumeCodec.encode(sample());
    bytes[5] = 2;
    assertThat(reason(decode(withValidCrc(bytes)))).isEqualTo(ResumeLoad.Reason.VERSION_MISMATCH);
  }

  @Test
  void everyTruncationIsUnusable() {
    byte[] bytes = ResumeCodec.encode(sample());
    for (int length = 0; length < bytes.length; length++) {
      assertThat(decode(Arrays.copyOf(bytes, length))).as("length %d", length).isInstanceOf(ResumeLoad.Unusable.class);
    }
  }

  @Test
  void everySingleBitFlipIsUnusable() {
    byte[] bytes = ResumeCodec.encode(sample());
    for (int bit = 0; bit < bytes.length * 8; bit++) {
      byte[] flipped = bytes.clone();
      flipped[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThat(decode(flipped)).as("bit %d", bit).isInstanceOf(ResumeLoad.Unusable.class);
    }
  }

  @Test
  void wrongMagicOrEmptyFileIsNotAResumeFile() {
    byte[] bytes = ResumeCodec.encode(sample());
    bytes[0] = 'X';
    assertThat(reason(decode(bytes))).isEqualTo(ResumeLoad.Reason.NOT_A_RESUME_FILE);
    assertThat(reason(decode(new byte[0]))).isEqualTo(ResumeLoad.Reason.NOT_A_RESUME_FILE);
  }

  @Test
  void anOversizedInputIsRefusedBeforeReading() {
    byte[] huge = new byte[(int) EXPECTED.maxEncodedSize() + 1];
    assertThat(reason(decode(huge))).isEqualTo(ResumeLoad.Reason.TOO_LARGE);
  }

  @Test
  void aSnapshotOfAnotherTorrentOrLayoutIsAMetainfoMismatch() {
    byte[] bytes = ResumeCodec.encode(sample());
    InfoHash other = InfoHash.fromHex("ffffffffffffffffffffffffffffffffffffffff");
    assertThat(reason(ResumeCodec.decode(bytes, new ResumeCodec.Expected(other, 32768, 70, 3))))
        .isEqualTo(ResumeLoad.Reason.METAINFO_MISMATCH);
    assertThat(reason(ResumeCodec.decode(bytes, new ResumeCodec.Expected(HASH, 32768, 71, 3))))
        .isEqualTo(ResumeLoad.Reason.METAINFO_MISMATCH);
    assertThat(reason(ResumeCodec.decode(bytes, new ResumeCodec.Expected(HASH, 16384, 70, 3))))
        .isEqualTo(ResumeLoad.Reason.METAINFO_MISMATCH);
    assertThat(reason(ResumeCodec.decode(bytes, new ResumeCodec.Expected(HASH, 32768, 70, 4))))
        .isEqualTo(ResumeLoad.Reason.METAINFO_MISMATCH);
  }

  @Test
  void aBitsetLongerThanThePieceCountIsMalformed() {
    // 70 pieces take 2 words; claim 200 words with a valid CRC: refused before reading them
    byte[] bytes = ResumeCodec.encode(sample());
    int wordCountAt = 7 + 20 + 3 + 1; // class id, hash, varint 32768 (3 bytes), varint 70
    assertThat(bytes[wordCountAt]).isEqualTo((byte) 2);
    bytes[wordCountAt] = 3;
    assertThat(reason(decode(withValidCrc(bytes)))).isEqualTo(ResumeLoad.Reason.MALFORMED);
  }

  @Test
  void anUnregisteredClassIdIsMalformed() {
    byte[] bytes = ResumeCodec.encode(sample());
    bytes[6] = 40;
    assertThat(reason(decode(withValidCrc(bytes)))).isEqualTo(ResumeLoad.Reason.MALFORMED);
  }

  @Test
  void trailingBytesAreMalformed() {
    byte[] bytes = ResumeCodec.encode(sample());
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
    longer[bytes.length] = longer[bytes.length - 1];
    System.arraycopy(bytes, bytes.length - 4, longer, bytes.length - 3, 4);
    longer[bytes.length - 4] = 0;
    assertThat(reason(decode(withValidCrc(longer)))).isEqualTo(ResumeLoad.Reason.MALFORMED);
  }
}
