package io.seedfleet.engine.wire;

/**
 * Block arithmetic. A <em>block</em> is the unit of REQUEST and PIECE: {@link #BLOCK_SIZE} bytes,
 * except the last block of a piece, which may be shorter.
 */
public final class Blocks {
  /** The request size every client uses (16 KiB); larger requests are often refused. */
  public static final int BLOCK_SIZE = 16 * 1024;

  /** The largest request this engine serves or accepts a PIECE for (128 KiB, as libtorrent). */
  public static final int MAX_REQUEST_LENGTH = 128 * 1024;

  private Blocks() {}

  /** The number of blocks in a piece of {@code pieceSize} bytes: ceil(pieceSize / 16 KiB). */
  public static int blockCount(int pieceSize) {
    if (pieceSize < 0) {
      throw new IllegalArgumentException("negative piece size " + pieceSize);
    }
    return (int) ((pieceSize + (long) BLOCK_SIZE - 1) / BLOCK_SIZE);
  }

  /**
   * The length of block {@code blockIndex} of a piece of {@code pieceSize} bytes.
   *
   * @throws IndexOutOfBoundsException if the piece has no such block
   */
  public static int blockLength(int pieceSize, int blockIndex) {
    int count = blockCount(pieceSize);
    if (blockIndex < 0 || blockIndex >= count) {
      throw new IndexOutOfBoundsException(
          "block " + blockIndex + " of a piece with " + count + " blocks");
    }
    return blockIndex < count - 1 ? BLOCK_SIZE : pieceSize - (count - 1) * BLOCK_SIZE;
  }

  /** The offset in its piece of block {@code blockIndex}. */
  public static int blockBegin(int blockIndex) {
    return blockIndex * BLOCK_SIZE;
  }
}
