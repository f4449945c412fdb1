package io.seedfleet.engine.resume;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.engine.storage.FileStamp;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Encodes a {@link ResumeState} with Kryo, framed by magic bytes, a format version and a CRC32.
 *
 * <pre>
 * offset 0        4         6                                  n-4       n
 *        +--------+---------+---------- body (Kryo) -----------+---------+
 *        | "SFRS" | version |                                  |  CRC32  |
 *        +--------+---------+----------------------------------+---------+
 *          magic    u16 BE                                       u32 BE, over [0, n-4)
 *
 * body: varint  Kryo class tag: registration id of ResumeState ({@value #STATE_ID}) + 2
 *       20      info-hash
 *       varint  piece length, varint piece count
 *       varint  word count w (at most ceil(pieceCount / 64)), then w longs (little-endian, as
 *               Kryo 5 writes them): the verified bitset, as BitSet.toLongArray
 *       varint  file count f, then f times: zig-zag varlong size (-1 = absent), zig-zag varlong
 *               modification millis (-1 = absent)
 *       long    saved-at millis (little-endian)
 * </pre>
 *
 * <p>Every field is written by hand through a registered serializer, never by reflection, so the
 * layout is exactly the one above and changes only with {@link #FORMAT_VERSION}. Decoding checks
 * the total size against what this torrent's snapshot can weigh before anything is read, and
 * every count against the torrent's metainfo before allocating. It never throws: any problem is
 * an {@link ResumeLoad.Unusable}, and the torrent re-verifies from disk.
 */
public final class ResumeCodec {
  public static final int FORMAT_VERSION = 1;
  static final byte[] MAGIC = "SFRS".getBytes(StandardCharsets.US_ASCII);
  static final int STATE_ID = 16;
  private static final int HEADER = MAGIC.length + 2;
  private static final int TRAILER = 4;
  /** Upper bound of the fixed-size body fields: id, hash, lengths, counts, saved-at. */
  private static final int FIXED_BODY = 5 + InfoHash.LENGTH + 5 + 5 + 5 + 5 + 8;
  /** Two zig-zag varlongs of at most 10 bytes each. */
  private static final int PER_FILE = 20;

  private ResumeCodec() {}

  /** The shape a snapshot must have to be used for a torrent. */
  public record Expected(InfoHash infoHash, int pieceLength, int pieceCount, int fileCount) {
    public static Expected of(Metainfo metainfo) {
      return new Expected(
          metainfo.infoHash(), metainfo.pieceLength(), metainfo.pieceCount(), metainfo.files().size());
    }

    /** The largest file a snapshot of this torrent can be. */
    public long maxEncodedSize() {
      long words = (pieceCount + 63L) / 64;
      return HEADER + FIXED_BODY + words * 8 + (long) fileCount * PER_FILE + TRAILER;
    }
  }

  public static byte[] encode(ResumeState state) {
    long words = (state.pieceCount() + 63L) / 64;
    int capacity = (int) Math.min(Integer.MAX_VALUE - 8, FIXED_BODY + words * 8 + (long) state.files().size() * PER_FILE);
    byte[] body;
    try (Output output = new Output(capacity)) {
      newKryo(null).writeClassAndObject(output, state);
      body = output.toBytes();
    }
    ByteBuffer framed = ByteBuffer.allocate(HEADER + body.length + TRAILER); // big-endian framing
    framed.put(MAGIC).putShort((short) FORMAT_VERSION).put(body);
    CRC32 crc = new CRC32();
    crc.update(framed.array(), 0, framed.position());
    framed.putInt((int) crc.getValue());
    return framed.array();
  }

  public static ResumeLoad decode(byte[] bytes, Expected expected) {
    if (bytes.length > expected.maxEncodedSize()) {
      return unusable(ResumeLoad.Reason.TOO_LARGE,
          bytes.length + " bytes, at most " + expected.maxEncodedSize() + " expected");
    }
    if (bytes.length < HEADER + TRAILER || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      return unusable(ResumeLoad.Reason.NOT_A_RESUME_FILE, "no SFRS header");
    }
    ByteBuffer framing = ByteBuffer.wrap(bytes);
    int version = Short.toUnsignedInt(framing.getShort(MAGIC.length));
    if (version != FORMAT_VERSION) {
      return unusable(ResumeLoad.Reason.VERSION_MISMATCH,
          "format version " + version + ", this node reads " + FORMAT_VERSION);
    }
    int bodyEnd = bytes.length - TRAILER;
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, bodyEnd);
    if ((int) crc.getValue() != framing.getInt(bodyEnd)) {
      return unusable(ResumeLoad.Reason.CHECKSUM_MISMATCH, "CRC32 mismatch (torn or damaged file)");
    }
    if (bodyEnd == HEADER || bytes[HEADER] != (byte) (STATE_ID + 2)) {
      // Checked here, not left to Kryo: its class-by-name form would load a class named by the file.
      return unusable(ResumeLoad.Reason.MALFORMED, "not a ResumeState body");
    }
    try (Input input = new Input(bytes, HEADER, bodyEnd - HEADER)) {
      Object decoded = newKryo(expected).readClassAndObject(input);
      if (input.position() != bodyEnd) {
        return unusable(ResumeLoad.Reason.MALFORMED, (bodyEnd - input.position()) + " trailing bytes");
      }
      ResumeState state = (ResumeState) decoded;
      if (!state.infoHash().equals(expected.infoHash())) {
        return unusable(ResumeLoad.Reason.METAINFO_MISMATCH, "written for torrent " + state.infoHash());
      }
      return new ResumeLoad.Usable(state);
    } catch (RuntimeException e) { // Kryo's underflow and unregistered ids, our limits
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof LayoutMismatch mismatch) {
          return unusable(ResumeLoad.Reason.METAINFO_MISMATCH, mismatch.getMessage());
        }
      }
      return unusable(ResumeLoad.Reason.MALFORMED, String.valueOf(e.getMessage()));
    }
  }

  private static ResumeLoad unusable(ResumeLoad.Reason reason, String detail) {
    return new ResumeLoad.Unusable(reason, detail);
  }

  /** Only {@link ResumeState} is registered; any other class id in the stream is refused. */
  private static Kryo newKryo(Expected expected) {
    Kryo kryo = new Kryo();
    kryo.setRegistrationRequired(true);
    kryo.setReferences(false);
    kryo.register(ResumeState.class, new StateSerializer(expected), STATE_ID);
    return kryo;
  }

  /** The body fields, in the order of the layout above. */
  private static final class StateSerializer extends Serializer<ResumeState> {
    /** What reading checks against; null when only writing. */
    private final Expected expected;

    StateSerializer(Expected expected) {
      this.expected = expected;
    }

    @Override
    public void write(Kryo kryo, Output output, ResumeState state) {
      output.writeBytes(state.infoHash().bytes());
      output.writeVarInt(state.pieceLength(), true);
      output.writeVarInt(state.pieceCount(), true);
      long[] words = state.verified().toLongArray();
      output.writeVarInt(words.length, true);
      output.writeLongs(words, 0, words.length);
      output.writeVarInt(state.files().size(), true);
      for (FileStamp file : state.files()) {
        output.writeVarLong(file.size(), false);
        output.writeVarLong(file.modifiedMillis(), false);
      }
      output.writeLong(state.savedAtMillis());
    }

    @Override
    public ResumeState read(Kryo kryo, Input input, Class<? extends ResumeState> type) {
      InfoHash infoHash = InfoHash.of(input.readBytes(InfoHash.LENGTH));
      int pieceLength = input.readVarInt(true);
      int pieceCount = input.readVarInt(true);
      if (pieceLength != expected.pieceLength() || pieceCount != expected.pieceCount()) {
        throw new LayoutMismatch(pieceCount + " pieces of " + pieceLength + " bytes, the torrent has "
            + expected.pieceCount() + " of " + expected.pieceLength());
      }
      int wordCount = input.readVarInt(true);
      if (wordCount < 0 || wordCount > (pieceCount + 63L) / 64) {
        throw new IllegalArgumentException("bitset of " + wordCount + " words for " + pieceCount + " pieces");
      }
      BitSet verified = BitSet.valueOf(input.readLongs(wordCount));
      if (verified.length() > pieceCount) {
        throw new IllegalArgumentException("piece " + (verified.length() - 1) + " verified of " + pieceCount);
      }
      int fileCount = input.readVarInt(true);
      if (fileCount != expected.fileCount()) {
        throw new LayoutMismatch(fileCount + " files, the torrent has " + expected.fileCount());
      }
      List<FileStamp> files = new ArrayList<>(fileCount);
      for (int i = 0; i < fileCount; i++) {
        files.add(new FileStamp(input.readVarLong(false), input.readVarLong(false)));
      }
      long savedAt = input.readLong();
      return new ResumeState(infoHash, pieceLength, pieceCount, verified, files, savedAt);
    }
  }

  /** The snapshot is intact but describes another layout: not corrupt, just not ours. */
  private static final class LayoutMismatch extends RuntimeException {
    LayoutMismatch(String message) {
      super(message, null, false, false);
    }
  }
}
