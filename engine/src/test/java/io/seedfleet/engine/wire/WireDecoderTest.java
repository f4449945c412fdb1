package io.seedfleet.engine.wire;

import static io.seedfleet.engine.wire.WireCodecTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Framing, fragmentation and every decoder error. */
class WireDecoderTest {

  // ------------------------------------------------------------ fragmentation

  @Test
  void streamFedOneByteAtATimeDecodesIdentically() {
    List<PeerMessage> messages = randomMessages(new Random(1), 300);
    byte[] stream = encodeAll(messages);

    WireDecoder decoder = new WireDecoder();
    List<PeerMessage> out = new ArrayList<>();
    ByteBuffer oneByte = ByteBuffer.allocate(1);
    for (byte b : stream) {
      oneByte.clear();
      oneByte.put(b).flip();
      assertThat(decoder.decode(oneByte, out)).isEqualTo(DecodeResult.OK);
      assertThat(oneByte.hasRemaining()).isFalse();
    }
    assertThat(out).isEqualTo(messages);
    assertThat(decoder.hasPartialFrame()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(longs = {2, 3, 5, 8, 13})
  void streamFedInRandomSplitsThroughAReusedBufferDecodesIdentically(long seed) {
    Random random = new Random(seed);
    List<PeerMessage> messages = randomMessages(random, 400);
    byte[] stream = encodeAll(messages);

    WireDecoder decoder = new WireDecoder();
    List<PeerMessage> out = new ArrayList<>();
    // One reused buffer, like a connection's read buffer; direct on odd seeds.
    ByteBuffer reused =
        seed % 2 == 1 ? ByteBuffer.allocateDirect(70_010) : ByteBuffer.allocate(70_010);
    int offset = 0;
    while (offset < stream.length) {
      int bound = random.nextBoolean() ? 40 : 70_000;
      int chunk = Math.min(stream.length - offset, 1 + random.nextInt(bound));
      reused.clear();
      reused.position(random.nextInt(8)); // the readable bytes need not start at 0
      reused.put(stream, offset, chunk);
      reused.flip();
      reused.position(reused.limit() - chunk);
      assertThat(decoder.decode(reused, out)).isEqualTo(DecodeResult.OK);
      assertThat(reused.hasRemaining()).isFalse();
      reused.put(reused.position() - chunk, new byte[chunk]); // scribble over the consumed bytes
      offset += chunk;
    }
    assertThat(out).isEqualTo(messages);
  }

  @Test
  void wholeStreamAtOnceDecodesIdentically() {
    List<PeerMessage> messages = randomMessages(new Random(99), 200);
    List<PeerMessage> out = new ArrayList<>();
    assertThat(new WireDecoder().decode(ByteBuffer.wrap(encodeAll(messages)), out))
        .isEqualTo(DecodeResult.OK);
    assertThat(out).isEqualTo(messages);
  }

  @Test
  void partialFrameIsKeptUntilTheRestArrives() {
    WireDecoder decoder = new WireDecoder();
    List<PeerMessage> out = new ArrayList<>();
    decoder.decode(ByteBuffer.wrap(bytes(0, 0, 0, 5, 4, 0, 0)), out);
    assertThat(out).isEmpty();
    assertThat(decoder.hasPartialFrame()).isTrue();
    decoder.decode(ByteBuffer.wrap(bytes(0, 42, /* next: keep-alive */ 0, 0, 0, 0)), out);
    assertThat(out).containsExactly(new PeerMessage.Have(42), PeerMessage.KeepAlive.INSTANCE);
    assertThat(decoder.hasPartialFrame()).isFalse();
  }

  // ------------------------------------------------------------ errors

  @Test
  void prefixOfAllOnesIsPacketTooLargeWithoutAllocating() {
    warmUpFailurePath();
    WireDecoder decoder = new WireDecoder();
    ByteBuffer in = ByteBuffer.wrap(bytes(0xFF, 0xFF, 0xFF, 0xFF, /* junk */ 1, 2, 3));
    long before = allocatedBytes();
    DecodeResult result = decoder.decode(in, new ArrayList<>());
    long allocated = allocatedBytes() - before;

    assertThat(result).isInstanceOfSatisfying(DecodeResult.Failure.class, failure -> {
      assertThat(failure.error()).isEqualTo(WireError.PACKET_TOO_LARGE);
      assertThat(failure.message()).contains("4294967295");
    });
    assertThat(in.hasRemaining()).isFalse();
    assertThat(allocated).isLessThan(16 * 1024);
  }

  @Test
  void prefixJustAboveTheMaximumIsPacketTooLargeWithoutAllocating() {
    warmUpFailurePath();
    int max = WireDecoder.DEFAULT_MAX_MESSAGE_LENGTH;
    ByteBuffer in = ByteBuffer.allocate(4).putInt(max + 1).flip();
    WireDecoder decoder = new WireDecoder();
    long before = allocatedBytes();
    DecodeResult result = decoder.decode(in, new ArrayList<>());
    long allocated = allocatedBytes() - before;
    assertThat(((DecodeResult.Failure) result).error()).isEqualTo(WireError.PACKET_TOO_LARGE);
    assertThat(allocated).isLessThan(16 * 1024);
  }

  @Test
  void prefixAtTheMaximumIsAcceptedAndBuffersOnlyWhatArrived() {
    warmUpFailurePath();
    int max = WireDecoder.DEFAULT_MAX_MESSAGE_LENGTH;
    ByteBuffer in = ByteBuffer.allocate(4 + 100).putInt(max).put((byte) 5).flip().limit(104);
    WireDecoder decoder = new WireDecoder();
    long before = allocatedBytes();
    DecodeResult result = decoder.decode(in, new ArrayList<>());
    long allocated = allocatedBytes() - before;
    assertThat(result).isEqualTo(DecodeResult.OK);
    assertThat(decoder.hasPartialFrame()).isTrue();
    // A 1 MiB bitfield was announced; only the initial 64 KiB carry may be allocated.
    assertThat(allocated).isLessThan(WireDecoder.INITIAL_CARRY_CAPACITY + 16 * 1024);
  }

  @Test
  void smallerConfiguredMaximumIsEnforced() {
    WireDecoder decoder = new WireDecoder(100);
    List<PeerMessage> out = new ArrayList<>();
    assertThat(decoder.decode(ByteBuffer.wrap(bytes(0, 0, 0, 100, 20, 0)), out))
        .isEqualTo(DecodeResult.OK);
    assertThat(error(new WireDecoder(100), bytes(0, 0, 0, 101, 20, 0)))
        .isEqualTo(WireError.PACKET_TOO_LARGE);
  }

  @Test
  void unknownMessageIdIsAnError() {
    assertThat(errorOf(bytes(0, 0, 0, 1, /* id */ 10)))
        .isEqualTo(WireError.UNKNOWN_MESSAGE_ID);
    assertThat(errorOf(bytes(0, 0, 0, 1, /* id */ 0xFF)))
        .isEqualTo(WireError.UNKNOWN_MESSAGE_ID);
  }

  @Test
  void unknownIdOfASplitFrameFailsOnItsFirstByte() {
    WireDecoder decoder = new WireDecoder();
    // Announces 1000 bytes but the id is unknown: no need to wait for (or buffer) the rest.
    ByteBuffer in = ByteBuffer.wrap(bytes(0, 0, 0x03, 0xE8, /* id */ 10));
    DecodeResult result = decoder.decode(in, new ArrayList<>());
    assertThat(((DecodeResult.Failure) result).error()).isEqualTo(WireError.UNKNOWN_MESSAGE_ID);
  }

  @Test
  void wrongLengthsForTheirIdAreInvalidLength() {
    assertThat(errorOf(bytes(0, 0, 0, 2, /* choke + 1 */ 0, 0)))
        .isEqualTo(WireError.INVALID_LENGTH);
    assertThat(errorOf(bytes(0, 0, 0, 4, /* have, 3-byte index */ 4, 0, 0, 1)))
        .isEqualTo(WireError.INVALID_LENGTH);
    assertThat(errorOf(bytes(0, 0, 0, 6, /* have, 5-byte index */ 4, 0, 0, 0, 0, 1)))
        .isEqualTo(WireError.INVALID_LENGTH);
    assertThat(errorOf(bytes(0, 0, 0, 12, /* request */ 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1)))
        .isEqualTo(WireError.INVALID_LENGTH);
    assertThat(errorOf(bytes(0, 0, 0, 8, /* piece */ 7, 0, 0, 0, 0, 0, 0, 0)))
        .isEqualTo(WireError.INVALID_LENGTH);
    assertThat(errorOf(bytes(0, 0, 0, 2, /* port */ 9, 0)))
        .isEqualTo(WireError.INVALID_LENGTH);
    assertThat(errorOf(bytes(0, 0, 0, 1, /* extended, no id */ 20)))
        .isEqualTo(WireError.INVALID_LENGTH);
    assertThat(errorOf(bytes(0, 0, 0, 2, /* have all */ 0x0E, 0)))
        .isEqualTo(WireError.INVALID_LENGTH);
  }

  @Test
  void indexOrOffsetOfTwoToTheThirtyOneOrMoreIsFieldOutOfRange() {
    assertThat(errorOf(bytes(0, 0, 0, 5, /* have */ 4, 0x80, 0, 0, 0)))
        .isEqualTo(WireError.FIELD_OUT_OF_RANGE);
    assertThat(
            errorOf(
                bytes(
                    0, 0, 0, 13, /* request */ 6,
                    /* piece */ 0, 0, 0, 0,
                    /* begin */ 0, 0, 0, 0,
                    /* length 2^32 - 1 */ 0xFF, 0xFF, 0xFF, 0xFF)))
        .isEqualTo(WireError.FIELD_OUT_OF_RANGE);
    assertThat(errorOf(bytes(0, 0, 0, 9, /* piece */ 7, 0, 0, 0, 0, 0x80, 0, 0, 0)))
        .isEqualTo(WireError.FIELD_OUT_OF_RANGE);
    assertThat(errorOf(bytes(0, 0, 0, 5, /* allowed fast */ 0x11, 0xFF, 0, 0, 0)))
        .isEqualTo(WireError.FIELD_OUT_OF_RANGE);
  }

  @Test
  void messagesBeforeAnErrorAreDeliveredAndTheDecoderStaysPoisoned() {
    WireDecoder decoder = new WireDecoder();
    List<PeerMessage> out = new ArrayList<>();
    ByteBuffer in =
        ByteBuffer.wrap(
            bytes(0, 0, 0, 1, 1, /* bad */ 0, 0, 0, 1, 10, /* after the bad */ 0, 0, 0, 1, 2));
    DecodeResult first = decoder.decode(in, out);
    assertThat(first).isInstanceOf(DecodeResult.Failure.class);
    assertThat(first.isOk()).isFalse();
    assertThat(out).containsExactly(PeerMessage.Unchoke.INSTANCE);
    assertThat(in.hasRemaining()).isFalse();

    ByteBuffer valid = ByteBuffer.wrap(bytes(0, 0, 0, 1, 2));
    assertThat(decoder.decode(valid, out)).isSameAs(first);
    assertThat(valid.hasRemaining()).isFalse();
    assertThat(out).containsExactly(PeerMessage.Unchoke.INSTANCE);
  }

  @Test
  void maximumBelowThirteenIsRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new WireDecoder(12))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // ------------------------------------------------------------ helpers

  private static WireError errorOf(byte[] wire) {
    return error(new WireDecoder(), wire);
  }

  private static WireError error(WireDecoder decoder, byte[] wire) {
    DecodeResult result = decoder.decode(ByteBuffer.wrap(wire), new ArrayList<>());
    assertThat(result).isInstanceOf(DecodeResult.Failure.class);
    return ((DecodeResult.Failure) result).error();
  }

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }

  /** Runs the code paths once so that class loading and string-concat linkage are not counted. */
  private static void warmUpFailurePath() {
    for (int i = 0; i < 3; i++) {
      new WireDecoder().decode(ByteBuffer.wrap(bytes(0xFF, 0xFF, 0xFF, 0xFF)), new ArrayList<>());
      new WireDecoder().decode(ByteBuffer.allocate(4).putInt(0x7FFFFFFF).flip(), new ArrayList<>());
      new WireDecoder().decode(ByteBuffer.wrap(bytes(0, 0x10, 0, 0, 5, 0)), new ArrayList<>());
      allocatedBytes();
    }
  }

  static byte[] encodeAll(List<PeerMessage> messages) {
    int total = messages.stream().mapToInt(WireEncoder::encodedLength).sum();
    ByteBuffer out = ByteBuffer.allocate(total);
    messages.forEach(m -> WireEncoder.encode(m, out));
    return out.array();
  }

  /** A mix of every message type, with blocks and payloads that force frames to be split. */
  static List<PeerMessage> randomMessages(Random random, int count) {
    List<PeerMessage> messages = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      messages.add(
          switch (random.nextInt(17)) {
            case 0 -> PeerMessage.KeepAlive.INSTANCE;
            case 1 -> PeerMessage.Choke.INSTANCE;
            case 2 -> PeerMessage.Unchoke.INSTANCE;
            case 3 -> PeerMessage.Interested.INSTANCE;
            case 4 -> PeerMessage.NotInterested.INSTANCE;
            case 5 -> new PeerMessage.Have(random.nextInt(Integer.MAX_VALUE));
            case 6 -> PeerMessage.Bitfield.ofBytes(randomBytes(random, random.nextInt(300)));
            case 7 -> new PeerMessage.Request(random.nextInt(5000), random.nextInt(1 << 20), 16384);
            case 8 -> {
              int length = random.nextBoolean() ? 16384 : random.nextInt(100);
              yield new PeerMessage.Piece(
                  random.nextInt(5000),
                  random.nextInt(1 << 20),
                  ByteBuffer.wrap(randomBytes(random, length)));
            }
            case 9 -> new PeerMessage.Cancel(random.nextInt(5000), 0, 16384);
            case 10 -> new PeerMessage.Port(random.nextInt(65536));
            case 11 -> new PeerMessage.SuggestPiece(random.nextInt(5000));
            case 12 -> PeerMessage.HaveAll.INSTANCE;
            case 13 -> PeerMessage.HaveNone.INSTANCE;
            case 14 -> new PeerMessage.RejectRequest(random.nextInt(5000), 16384, 16384);
            case 15 -> new PeerMessage.AllowedFast(random.nextInt(5000));
            default -> {
              // now and then larger than the initial carry, so that the carry must grow
              int length = random.nextInt(20) == 0 ? 150_000 : random.nextInt(200);
              yield new PeerMessage.Extended(
                  random.nextInt(256), ByteBuffer.wrap(randomBytes(random, length)));
            }
          });
    }
    return messages;
  }

  private static byte[] randomBytes(Random random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }
}
