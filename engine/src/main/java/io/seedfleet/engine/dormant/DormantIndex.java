package io.seedfleet.engine.dormant;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.engine.torrent.TorrentState;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Encodes the session's torrent records in one file, so that a restart knows every torrent
 * without parsing its {@code .torrent}: Kryo's varint {@link Output}, framed by magic bytes, a
 * format version and a CRC32, like the resume snapshots ({@code ResumeCodec}).
 *
 * <pre>
 * offset 0        4         6                                  n-4       n
 *        +--------+---------+---------- body (Kryo) -----------+---------+
 *        | "SFDX" | version |                                  |  CRC32  |
 *        +--------+---------+----------------------------------+---------+
 *          magic    u16 BE                                       u32 BE, over [0, n-4)
 *
 * body: varint  record count c, then c times:
 *       20      info-hash
 *       varint  UTF-8 length, bytes: name (at most {@value #MAX_STRING} bytes)
 *       varint  UTF-8 length, bytes: download directory (idem)
 *       byte    state (TorrentState ordinal)
 *       varint  piece count, pieces verified, wanted remaining
 *       varlong total length, bytes verified, downloaded, uploaded, hash failures, wake-at millis
 *       byte    flags: 1 = private, 2 = has trackers, 4 = has an error message
 *       [varint UTF-8 length, bytes: error message, when flag 4]
 * </pre>
 *
 * <p>Decoding never throws and checks every count against the bytes left before allocating; a
 * damaged index is {@link Unusable} and the session falls back to the per-torrent files.
 */
public final class DormantIndex {
  public static final int FORMAT_VERSION = 1;
  static final byte[] MAGIC = "SFDX".getBytes(StandardCharsets.US_ASCII);
  static final int MAX_STRING = 4096;
  /** The smallest record: hash, two empty strings, state, three counts, six longs, flags. */
  private static final int MIN_RECORD = InfoHash.LENGTH + 1 + 1 + 1 + 3 + 6 + 1;
  private static final int HEADER = MAGIC.length + 2;
  private static final int TRAILER = 4;
  private static final int FLAG_PRIVATE = 1;
  private static final int FLAG_TRACKERS = 2;
  private static final int FLAG_ERROR = 4;
  private static final TorrentState[] STATES = TorrentState.values();

  private DormantIndex() {}

  /** What decoding gave. */
  public sealed interface Load {}

  public record Loaded(List<DormantTorrent> torrents) implements Load {}

  /** {@code reason} is for the log line that says why the per-torrent files are read instead. */
  public record Unusable(String reason) implements Load {}

  public static byte[] encode(List<DormantTorrent> torrents) {
    byte[] body;
    try (Output output = new Output(64 + torrents.size() * 96, -1)) {
      output.writeVarInt(torrents.size(), true);
      for (DormantTorrent t : torrents) {
        output.writeBytes(t.infoHash().bytes());
        writeString(output, t.name());
        writeString(output, t.downloadDir().toString());
        output.writeByte(t.state().ordinal());
        output.writeVarInt(t.pieceCount(), true);
        output.writeVarInt(t.piecesVerified(), true);
        output.writeVarInt(t.wantedRemaining(), true);
        output.writeVarLong(t.totalLength(), true);
        output.writeVarLong(t.bytesVerified(), true);
        output.writeVarLong(t.bytesDownloaded(), true);
        output.writeVarLong(t.bytesUploaded(), true);
        output.writeVarLong(t.hashFailures(), true);
        output.writeVarLong(t.wakeAtMillis(), true);
        int flags = (t.isPrivate() ? FLAG_PRIVATE : 0) | (t.hasTrackers() ? FLAG_TRACKERS : 0)
            | (t.error() != null ? FLAG_ERROR : 0);
        output.writeByte(flags);
        if (t.error() != null) {
          writeString(output, t.error());
        }
      }
      body = output.toBytes();
    }
    ByteBuffer framed = ByteBuffer.allocate(HEADER + body.length + TRAILER);
    framed.put(MAGIC).putShort((short) FORMAT_VERSION).put(body);
    CRC32 crc = new CRC32();
    crc.update(framed.array(), 0, framed.position());
    framed.putInt((int) crc.getValue());
    return framed.array();
  }

  public static Load decode(byte[] bytes) {
    if (bytes.length < HEADER + TRAILER || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      return new Unusable("no SFDX header");
    }
    ByteBuffer framing = ByteBuffer.wrap(bytes);
    int version = Short.toUnsignedInt(framing.getShort(MAGIC.length));
    if (version != FORMAT_VERSION) {
      return new Unusable("format version " + version + ", this node reads " + FORMAT_VERSION);
    }
    int bodyEnd = bytes.length - TRAILER;
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, bodyEnd);
    if ((int) crc.getValue() != framing.getInt(bodyEnd)) {
      return new Unusable("CRC32 mismatch (torn or damaged file)");
    }
    try (Input input = new Input(bytes, HEADER, bodyEnd - HEADER)) {
      int count = input.readVarInt(true);
      if (count < 0 || (long) count * MIN_RECORD > bodyEnd - input.position()) {
        return new Unusable(count + " records cannot fit in " + (bodyEnd - HEADER) + " bytes");
      }
      Map<String, Path> directories = new HashMap<>(); // one Path per directory, shared by its torrents
      List<DormantTorrent> torrents = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        torrents.add(readRecord(input, bodyEnd, directories));
      }
      if (input.position() != bodyEnd) {
        return new Unusable((bodyEnd - input.position()) + " trailing bytes");
      }
      return new Loaded(torrents);
    } catch (RuntimeException e) { // Kryo's underflow, our limits, the record's own checks
      return new Unusable("malformed: " + e.getMessage());
    }
  }

  private static DormantTorrent readRecord(Input input, int end, Map<String, Path> directories) {
    InfoHash infoHash = InfoHash.of(input.readBytes(InfoHash.LENGTH));
    String name = readString(input, end);
    String dir = readString(input, end);
    int state = input.readByte();
    if (state < 0 || state >= STATES.length) {
      throw new IllegalArgumentException("state " + state);
    }
    int pieceCount = input.readVarInt(true);
    if (pieceCount > Metainfo.MAX_PIECES) {
      throw new IllegalArgumentException(pieceCount + " pieces");
    }
    int verified = input.readVarInt(true);
    int wanted = input.readVarInt(true);
    long totalLength = input.readVarLong(true);
    long bytesVerified = input.readVarLong(true);
    long downloaded = input.readVarLong(true);
    long uploaded = input.readVarLong(true);
    long hashFailures = input.readVarLong(true);
    long wakeAt = input.readVarLong(true);
    int flags = input.readByte();
    String error = (flags & FLAG_ERROR) != 0 ? readString(input, end) : null;
    Path downloadDir;
    try {
      downloadDir = directories.computeIfAbsent(dir, Path::of);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("download directory: " + e.getMessage());
    }
    return new DormantTorrent(infoHash, name, downloadDir, STATES[state], pieceCount, verified, wanted, totalLength,
        bytesVerified, downloaded, uploaded, hashFailures, (flags & FLAG_PRIVATE) != 0, (flags & FLAG_TRACKERS) != 0,
        wakeAt, error);
  }

  private static void writeString(Output output, String value) {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    if (utf8.length > MAX_STRING) {
      utf8 = Arrays.copyOf(utf8, MAX_STRING); // only names and messages can be this long; a cut one still reads
    }
    output.writeVarInt(utf8.length, true);
    output.writeBytes(utf8);
  }

  private static String readString(Input input, int end) {
    int length = input.readVarInt(true);
    if (length < 0 || length > MAX_STRING || length > end - input.position()) {
      throw new IllegalArgumentException("string of " + length + " bytes");
    }
    return new String(input.readBytes(length), StandardCharsets.UTF_8);
  }
}
