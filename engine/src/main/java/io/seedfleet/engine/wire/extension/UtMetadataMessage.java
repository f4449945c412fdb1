package io.seedfleet.engine.wire.extension;

import java.nio.ByteBuffer;

/**
 * BEP 9 ut_metadata messages, carried in BEP 10 extended messages.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0009.html">BEP 9</a>
 */
public sealed interface UtMetadataMessage {
  /** The metadata piece index, 0-based; every piece is 16 KiB but the last. */
  int piece();

  /** msg_type 0: please send this piece. */
  record Request(int piece) implements UtMetadataMessage {
    public Request {
      UtMetadata.checkPiece(piece);
    }
  }

  /**
   * msg_type 1: one piece of the info dictionary.
   *
   * @param totalSize the whole metadata size the sender claims, 1..30 MiB
   * @param data read-only, exactly the piece's size for {@code totalSize}
   */
  record Data(int piece, int totalSize, ByteBuffer data) implements UtMetadataMessage {
    public Data {
      UtMetadata.checkPiece(piece);
      if (totalSize < 1 || totalSize > UtMetadata.MAX_METADATA_SIZE) {
        throw new IllegalArgumentException("total_size out of range: " + totalSize);
      }
      if (piece >= UtMetadata.pieceCount(totalSize) || data.remaining() != UtMetadata.pieceSize(totalSize, piece)) {
        throw new IllegalArgumentException("piece " + piece + " of " + data.remaining() + " bytes does not fit "
            + totalSize + " bytes of metadata");
      }
      data = data.asReadOnlyBuffer();
    }

    @Override
    public ByteBuffer data() {
      return data.duplicate();
    }
  }

  /** msg_type 2: the sender will not send this piece. */
  record Reject(int piece) implements UtMetadataMessage {
    public Reject {
      UtMetadata.checkPiece(piece);
    }
  }
}
