package io.seedfleet.engine.wire.extension;

import io.seedfleet.engine.bencode.BDict;
import io.seedfleet.engine.bencode.Bencode;
import io.seedfleet.engine.bencode.BencodeDecoder;
import io.seedfleet.engine.bencode.BencodeException;
import io.seedfleet.engine.bencode.BencodeLimits;
import java.nio.ByteBuffer;

/**
 * Codec for BEP 9 ut_metadata payloads (the bytes after the extended message id).
 *
 * <pre>
 * request: d 8:msg_type i0e 5:piece iNe e
 * data:    d 8:msg_type i1e 5:piece iNe 10:total_size iSe e &lt;piece bytes, 16 KiB or the last remainder&gt;
 * reject:  d 8:msg_type i2e 5:piece iNe e
 * </pre>
 *
 * The dictionary is read with small bencode limits before anything is allocated for the piece;
 * {@code total_size} must stay within 30 MiB and match the size the peer announced in its
 * extended handshake, and the raw tail must be exactly the piece's size.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0009.html">BEP 9</a>
 */
public final class UtMetadata {
  /** The extension's name in the BEP 10 {@code m} dictionary. */
  public static final String NAME = "ut_metadata";
  /** Metadata pieces are 16 KiB, the last one shorter. */
  public static final int PIECE_SIZE = 16 * 1024;
  /** The largest metadata we accept or fetch, as libtorrent's {@code max_metadata_size}. */
  public static final int MAX_METADATA_SIZE = ExtendedHandshake.MAX_METADATA_SIZE;
  /** The largest payload: a data message's dictionary plus one piece. */
  public static final int MAX_PAYLOAD = PIECE_SIZE + 256;

  private static final int MAX_DICT = 256;
  private static final BencodeDecoder DICT_DECODER = new BencodeDecoder(
      new BencodeLimits(2, 64, 19, 32, MAX_PAYLOAD, false, true));

  private UtMetadata() {}

  /** Pieces of {@code totalSize} bytes of metadata. */
  public static int pieceCount(int totalSize) {
    return (totalSize + PIECE_SIZE - 1) / PIECE_SIZE;
  }

  /** The size of {@code piece} in {@code totalSize} bytes of metadata. */
  public static int pieceSize(int totalSize, int piece) {
    return Math.min(PIECE_SIZE, totalSize - piece * PIECE_SIZE);
  }

  static void checkPiece(int piece) {
    if (piece < 0 || piece >= pieceCount(MAX_METADATA_SIZE)) {
      throw new IllegalArgumentException("metadata piece out of range: " + piece);
    }
  }

  /**
   * Decodes one payload.
   *
   * @param announcedSize the {@code metadata_size} of the sender's extended handshake, or 0 if it
   *     stated none (then a data message is refused: we never take metadata of unknown size)
   * @throws ExtensionMessageException for bad bencode, a missing or unknown {@code msg_type}, a
   *     piece index out of range, or a data message whose size disagrees with itself or the handshake
   */
  public static UtMetadataMessage decode(ByteBuffer payload, int announcedSize) throws ExtensionMessageException {
    if (payload.remaining() > MAX_PAYLOAD) {
      throw new ExtensionMessageException("ut_metadata message of " + payload.remaining() + " bytes exceeds " + MAX_PAYLOAD);
    }
    byte[] bytes = new byte[payload.remaining()];
    payload.duplicate().get(bytes);
    BencodeDecoder.Decoded decoded;
    try {
      decoded = DICT_DECODER.decodePrefix(bytes, 0, Math.min(bytes.length, MAX_DICT));
    } catch (BencodeException e) {
      throw new ExtensionMessageException("ut_metadata dictionary: " + e.getMessage());
    }
    if (!(decoded.value() instanceof BDict dict)) {
      throw new ExtensionMessageException("ut_metadata message is not a dictionary");
    }
    long type = dict.getLong("msg_type").orElse(-1L);
    long piece = dict.getLong("piece").orElse(-1L);
    if (piece < 0 || piece >= pieceCount(MAX_METADATA_SIZE)) {
      throw new ExtensionMessageException("ut_metadata piece missing or out of range: " + piece);
    }
    int tail = bytes.length - decoded.end();
    if (type != 1 && tail != 0) {
      throw new ExtensionMessageException("ut_metadata msg_type " + type + " with " + tail + " trailing bytes");
    }
    return switch ((int) Math.max(-1, Math.min(type, 3))) {
      case 0 -> new UtMetadataMessage.Request((int) piece);
      case 2 -> new UtMetadataMessage.Reject((int) piece);
      case 1 -> data(dict, (int) piece, bytes, decoded.end(), announcedSize);
      default -> throw new ExtensionMessageException("ut_metadata msg_type missing or unknown: " + type);
    };
  }

  private static UtMetadataMessage.Data data(BDict dict, int piece, byte[] bytes, int start, int announcedSize)
      throws ExtensionMessageException {
    long total = dict.getLong("total_size").orElse(-1L);
    if (total < 1 || total > MAX_METADATA_SIZE) {
      throw new ExtensionMessageException("ut_metadata total_size missing or above 30 MiB: " + total);
    }
    if (announcedSize <= 0 || total != announcedSize) {
      throw new ExtensionMessageException("ut_metadata total_size " + total + " differs from the handshake's metadata_size "
          + announcedSize);
    }
    if (piece >= pieceCount((int) total)) {
      throw new ExtensionMessageException("ut_metadata piece " + piece + " beyond " + pieceCount((int) total) + " pieces");
    }
    int expected = pieceSize((int) total, piece);
    if (bytes.length - start != expected) {
      throw new ExtensionMessageException("ut_metadata piece " + piece + " has " + (bytes.length - start)
          + " bytes, expected " + expected);
    }
    return new UtMetadataMessage.Data(piece, (int) total, ByteBuffer.wrap(bytes, start, expected).slice());
  }

  /** Encodes one message as an extended-message payload. */
  public static byte[] encode(UtMetadataMessage message) {
    BDict.Builder dict = BDict.builder().put("piece", message.piece());
    switch (message) {
      case UtMetadataMessage.Request r -> dict.put("msg_type", 0);
      case UtMetadataMessage.Reject r -> dict.put("msg_type", 2);
      case UtMetadataMessage.Data d -> dict.put("msg_type", 1).put("total_size", d.totalSize());
    }
    byte[] head = Bencode.encode(dict.build());
    if (!(message instanceof UtMetadataMessage.Data data)) {
      return head;
    }
    ByteBuffer out = ByteBuffer.allocate(head.length + data.data().remaining());
    return out.put(head).put(data.data()).array();
  }

  /** The data message for {@code piece} of {@code metadata}, or a reject when it is out of range. */
  public static UtMetadataMessage answer(ByteBuffer metadata, int piece) {
    int size = metadata.remaining();
    if (size < 1 || size > MAX_METADATA_SIZE || piece < 0 || piece >= pieceCount(size)) {
      return new UtMetadataMessage.Reject(Math.max(0, Math.min(piece, pieceCount(MAX_METADATA_SIZE) - 1)));
    }
    return new UtMetadataMessage.Data(piece, size,
        metadata.slice(metadata.position() + piece * PIECE_SIZE, pieceSize(size, piece)));
  }

  /** As {@link #answer(ByteBuffer, int)} for an array. */
  public static UtMetadataMessage answer(byte[] metadata, int piece) {
    return answer(ByteBuffer.wrap(metadata), piece);
  }
}
