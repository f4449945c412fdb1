package io.seedfleet.engine.metainfo;

import io.seedfleet.engine.bencode.BBytes;
import io.seedfleet.engine.bencode.BDict;
import io.seedfleet.engine.bencode.BList;
import io.seedfleet.engine.bencode.BValue;
import io.seedfleet.engine.bencode.BencodeDecoder;
import io.seedfleet.engine.bencode.BencodeException;
import io.seedfleet.engine.bencode.BencodeLimits;
import io.seedfleet.engine.bencode.Span;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A parsed, validated .torrent file (v1, or the v1 part of a hybrid v1+v2 torrent). Immutable.
 *
 * <p>Parsing policy: the whole file is decoded leniently (unsorted keys tolerated outside {@code
 * info}, duplicate keys never), then the raw {@code info} slice is decoded again strictly (sorted,
 * unique keys, no leading zeros), because its exact bytes define the info-hash and a non-canonical
 * info dict would hash differently in other clients. Trailing bytes after the top-level dict are
 * rejected. v2 keys ({@code meta version}, {@code file tree}, {@code piece layers}) are ignored;
 * BEP 47 pad files are kept as {@link FileEntry#padding()} entries so that offsets stay right.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0003.html">BEP 3: metainfo</a>
 * @see <a href="https://www.bittorrent.org/beps/bep_0012.html">BEP 12: announce-list</a>
 * @see <a href="https://www.bittorrent.org/beps/bep_0027.html">BEP 27: private torrents</a>
 * @see <a href="https://www.bittorrent.org/beps/bep_0047.html">BEP 47: pad files</a>
 * @see <a href="https://www.bittorrent.org/beps/bep_0052.html">BEP 52: hybrid torrents</a>
 */
public final class Metainfo {
  /** The largest .torrent file accepted, as libtorrent's {@code max_buffer_size}. */
  public static final int MAX_TORRENT_SIZE = 10_000_000;
  /** The most pieces a torrent may have, as libtorrent's {@code max_pieces}. */
  public static final int MAX_PIECES = 2_097_152;
  /** Piece lengths are multiples of the 16 KiB block. */
  public static final int BLOCK_SIZE = 16 * 1024;
  /** The largest accepted piece length. */
  public static final int MAX_PIECE_LENGTH = 128 * 1024 * 1024;

  private static final int HASH_LENGTH = 20;
  private static final BencodeDecoder TORRENT_DECODER =
      new BencodeDecoder(BencodeLimits.DEFAULT.withMaxInputLength(MAX_TORRENT_SIZE));
  private static final BencodeDecoder INFO_DECODER =
      new BencodeDecoder(
          BencodeLimits.DEFAULT.withMaxInputLength(MAX_TORRENT_SIZE).withStrict(true));

  private final byte[] torrentBytes;
  private final byte[] infoBytes;
  private final InfoHash infoHash;
  private final String name;
  private final int pieceLength;
  /** Concatenated 20-byte SHA-1s, one per piece. */
  private final byte[] pieceHashes;
  private final long totalLength;
  private final List<FileEntry> files;
  private final boolean isPrivate;
  private final List<List<String>> announceTiers;

  private Metainfo(Builder b) {
    this.torrentBytes = b.torrentBytes;
    this.infoBytes = b.infoBytes;
    this.infoHash = b.infoHash;
    this.name = b.name;
    this.pieceLength = b.pieceLength;
    this.pieceHashes = b.pieceHashes;
    this.totalLength = b.totalLength;
    this.files = List.copyOf(b.files);
    this.isPrivate = b.isPrivate;
    this.announceTiers = b.announceTiers.stream().map(List::copyOf).toList();
  }

  /** Mutable parse state, filled in step by step. */
  private static final class Builder {
    byte[] torrentBytes;
    byte[] infoBytes;
    InfoHash infoHash;
    String name;
    int pieceLength;
    byte[] pieceHashes;
    long totalLength;
    List<FileEntry> files;
    boolean isPrivate;
    List<List<String>> announceTiers;
  }

  /**
   * Parses and validates a .torrent file.
   *
   * @throws MetainfoException with the first problem found; never an unchecked exception for bad
   *     input
   */
  public static Metainfo parse(byte[] torrentFile) throws MetainfoException {
    Objects.requireNonNull(torrentFile);
    if (torrentFile.length > MAX_TORRENT_SIZE) {
      throw new MetainfoException(
          MetainfoError.TOO_LARGE,
          "torrent file of " + torrentFile.length + " bytes exceeds " + MAX_TORRENT_SIZE);
    }
    BValue root;
    try {
      root = TORRENT_DECODER.decode(torrentFile);
    } catch (BencodeException e) {
      throw new MetainfoException("torrent file", e);
    }
    if (!(root instanceof BDict torrent)) {
      throw new MetainfoException(
          MetainfoError.TORRENT_IS_NO_DICT, "top-level value is not a dictionary");
    }
    Builder b = new Builder();
    b.torrentBytes = torrentFile.clone();
    BDict info = parseInfoBytes(torrent, torrentFile, b);
    b.name = requireName(info, b.infoHash);
    b.pieceLength = requirePieceLength(info);
    b.pieceHashes = requirePieces(info);
    b.files = FileListParser.parse(info, b.name);
    b.totalLength = totalLength(b.files);
    checkPieceCount(b.totalLength, b.pieceLength, b.pieceHashes.length / HASH_LENGTH);
    b.isPrivate = info.getLong("private").orElse(0L) == 1L;
    b.announceTiers = announceTiers(torrent);
    return new Metainfo(b);
  }

  /**
   * Builds a torrent from an info dictionary fetched over BEP 9 and the trackers of its magnet
   * link. The result is parsed by {@link #parse}, so the info-hash is the SHA-1 of exactly {@code
   * infoDict}, and {@link #torrentBytes()} is a .torrent file other clients can open.
   *
   * @throws MetainfoException when the info dictionary is not a valid (canonical) one
   */
  public static Metainfo fromInfoDict(byte[] infoDict, List<List<String>> announceTiers) throws MetainfoException {
    Objects.requireNonNull(infoDict);
    java.io.ByteArrayOutputStream file = new java.io.ByteArrayOutputStream(infoDict.length + 256);
    file.write('d');
    List<List<String>> tiers = announceTiers.stream().filter(t -> !t.isEmpty()).toList();
    if (!tiers.isEmpty()) {
      file.writeBytes(io.seedfleet.engine.bencode.Bencode.encode(BBytes.of("announce")));
      file.writeBytes(io.seedfleet.engine.bencode.Bencode.encode(BBytes.of(tiers.get(0).get(0))));
      List<BValue> tierValues = new ArrayList<>();
      for (List<String> tier : tiers) {
        tierValues.add(new BList(tier.stream().map(url -> (BValue) BBytes.of(url)).toList()));
      }
      file.writeBytes(io.seedfleet.engine.bencode.Bencode.encode(BBytes.of("announce-list")));
      file.writeBytes(io.seedfleet.engine.bencode.Bencode.encode(new BList(tierValues)));
    }
    file.writeBytes(io.seedfleet.engine.bencode.Bencode.encode(BBytes.of("info")));
    file.writeBytes(infoDict);
    file.write('e');
    return parse(file.toByteArray());
  }

  private static BDict parseInfoBytes(BDict torrent, byte[] file, Builder b)
      throws MetainfoException {
    BValue infoValue = torrent.getOrNull("info");
    if (infoValue == null) {
      throw new MetainfoException(MetainfoError.MISSING_INFO, "no info dictionary");
    }
    if (!(infoValue instanceof BDict)) {
      throw new MetainfoException(MetainfoError.MISSING_INFO, "info is not a dictionary");
    }
    Span span = torrent.span("info").orElseThrow();
    BDict info;
    try {
      info = (BDict) INFO_DECODER.decode(file, span.start(), span.length());
    } catch (BencodeException e) {
      throw new MetainfoException("info dictionary is not canonical", e);
    }
    b.infoBytes = Arrays.copyOfRange(file, span.start(), span.end());
    b.infoHash = InfoHash.of(sha1().digest(b.infoBytes));
    return info;
  }

  private static String requireName(BDict info, InfoHash infoHash) throws MetainfoException {
    BBytes raw = textOrNull(info, "name");
    if (raw == null) {
      throw new MetainfoException(MetainfoError.MISSING_NAME, "no name in the info dictionary");
    }
    String safe = PathSanitizer.sanitizeElement(raw.asString());
    // A name of "", "." or ".." says nothing; the info-hash is a name nobody can abuse.
    return safe != null ? safe : infoHash.hex();
  }

  /** The UTF-8 variant ({@code key.utf-8}) when present as a string, else {@code key}. */
  static BBytes textOrNull(BDict dict, String key) {
    BBytes utf8 = dict.getBytesOrNull(key + ".utf-8");
    return utf8 != null ? utf8 : dict.getBytesOrNull(key);
  }

  private static int requirePieceLength(BDict info) throws MetainfoException {
    Long value = info.getLong("piece length").orElse(null);
    if (value == null) {
      throw new MetainfoException(
          MetainfoError.MISSING_PIECE_LENGTH, "no integer piece length in the info dictionary");
    }
    if (value <= 0 || value > MAX_PIECE_LENGTH || value % BLOCK_SIZE != 0) {
      throw new MetainfoException(
          MetainfoError.INVALID_PIECE_LENGTH,
          "piece length " + value + " is not a multiple of 16 KiB between 16 KiB and 128 MiB");
    }
    return (int) (long) value;
  }

  private static byte[] requirePieces(BDict info) throws MetainfoException {
    BBytes pieces = info.getBytesOrNull("pieces");
    if (pieces == null) {
      if (info.getLong("meta version").orElse(1L) >= 2 && info.containsKey("file tree")) {
        throw new MetainfoException(
            MetainfoError.V2_ONLY_UNSUPPORTED, "v2-only torrent: no v1 pieces to use");
      }
      throw new MetainfoException(MetainfoError.MISSING_PIECES, "no pieces in the info dict");
    }
    if (pieces.length() % HASH_LENGTH != 0) {
      throw new MetainfoException(
          MetainfoError.INVALID_HASHES,
          "pieces has " + pieces.length() + " bytes, not a multiple of 20");
    }
    return pieces.bytes();
  }

  private static long totalLength(List<FileEntry> files) throws MetainfoException {
    long total = 0;
    for (FileEntry file : files) {
      try {
        total = Math.addExact(total, file.length());
      } catch (ArithmeticException e) {
        throw new MetainfoException(MetainfoError.INVALID_LENGTH, "sum of file lengths overflows");
      }
    }
    if (total == 0) {
      throw new MetainfoException(MetainfoError.NO_FILES, "all files are empty");
    }
    return total;
  }

  private static void checkPieceCount(long totalLength, int pieceLength, int hashCount)
      throws MetainfoException {
    long expected = (totalLength - 1) / pieceLength + 1;
    if (expected > MAX_PIECES) {
      throw new MetainfoException(
          MetainfoError.TOO_MANY_PIECES,
          expected + " pieces needed for " + totalLength + " bytes, more than " + MAX_PIECES);
    }
    if (expected != hashCount) {
      throw new MetainfoException(
          MetainfoError.PIECE_COUNT_MISMATCH,
          hashCount + " piece hashes for " + totalLength + " bytes in pieces of " + pieceLength
              + " (" + expected + " expected)");
    }
  }

  private static List<List<String>> announceTiers(BDict torrent) {
    List<List<String>> tiers = new ArrayList<>();
    BList list = torrent.getListOrNull("announce-list");
    if (list != null) {
      for (BValue tierValue : list.values()) {
        if (!(tierValue instanceof BList tierList)) {
          continue; // tolerated: trackers are advisory, a bad tier must not lose the torrent
        }
        List<String> tier = new ArrayList<>();
        for (BValue url : tierList.values()) {
          if (url instanceof BBytes bytes && !bytes.asString().isBlank()) {
            tier.add(bytes.asString().strip());
          }
        }
        if (!tier.isEmpty()) {
          tiers.add(tier);
        }
      }
    }
    if (tiers.isEmpty()) {
      BBytes announce = torrent.getBytesOrNull("announce");
      if (announce != null && !announce.asString().isBlank()) {
        tiers.add(List.of(announce.asString().strip()));
      }
    }
    return tiers;
  }

  static MessageDigest sha1() {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-1", e);
    }
  }

  /** The SHA-1 of the exact raw bytes of the info dictionary. */
  public InfoHash infoHash() {
    return infoHash;
  }

  /** The sanitised torrent name (the info-hash in hex when the name was empty or a dot name). */
  public String name() {
    return name;
  }

  /** Bytes per piece; every piece but the last has exactly this size. */
  public int pieceLength() {
    return pieceLength;
  }

  /** The number of pieces. */
  public int pieceCount() {
    return pieceHashes.length / HASH_LENGTH;
  }

  /** The sum of all file lengths, padding files included; {@code > 0}. */
  public long totalLength() {
    return totalLength;
  }

  /** The size of {@code piece}: {@link #pieceLength()}, or less for the last piece. */
  public int pieceSize(int piece) {
    Objects.checkIndex(piece, pieceCount());
    return (int) Math.min(pieceLength, totalLength - (long) piece * pieceLength);
  }

  /** True when {@code sha1} (20 bytes) is the expected hash of {@code piece}. */
  public boolean pieceHashMatches(int piece, byte[] sha1) {
    Objects.checkIndex(piece, pieceCount());
    return sha1.length == HASH_LENGTH
        && Arrays.equals(
            pieceHashes, piece * HASH_LENGTH, (piece + 1) * HASH_LENGTH, sha1, 0, HASH_LENGTH);
  }

  /** A copy of the expected SHA-1 of {@code piece}. */
  public byte[] pieceHash(int piece) {
    Objects.checkIndex(piece, pieceCount());
    return Arrays.copyOfRange(pieceHashes, piece * HASH_LENGTH, (piece + 1) * HASH_LENGTH);
  }

  /**
   * The files in torrent order with sanitised, unique paths relative to the download directory
   * and their offsets in the concatenated stream.
   */
  public List<FileEntry> files() {
    return files;
  }

  /** True for a BEP 27 private torrent: no DHT, no PEX, no local discovery. */
  public boolean isPrivate() {
    return isPrivate;
  }

  /** Tracker tiers from {@code announce-list}, else {@code [[announce]]}, else empty. */
  public List<List<String>> announceTiers() {
    return announceTiers;
  }

  /** A copy of the exact raw info dictionary, as served over ut_metadata. */
  public byte[] infoBytes() {
    return infoBytes.clone();
  }

  /** The raw info dictionary as a read-only view: served to many peers without a copy each. */
  public java.nio.ByteBuffer infoBytesView() {
    return java.nio.ByteBuffer.wrap(infoBytes).asReadOnlyBuffer();
  }

  /** A copy of the whole .torrent file as parsed. */
  public byte[] torrentBytes() {
    return torrentBytes.clone();
  }

  @Override
  public String toString() {
    return "Metainfo[" + infoHash + " " + name + ", " + files.size() + " files, " + totalLength
        + " bytes]";
  }
}
