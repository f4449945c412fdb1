package io.seedfleet.engine.picker;

/**
 * One block the caller should request from a peer: a BEP 3 {@code request} message's payload.
 *
 * @param piece the piece index, {@code >= 0}
 * @param begin the byte offset inside the piece, a multiple of {@link PiecePicker#BLOCK_SIZE}
 * @param length the block's length in bytes, {@code 1..BLOCK_SIZE}; shorter than 16 KiB only for
 *     the last block of a piece whose length is not a multiple of 16 KiB (normally the last piece)
 * @see <a href="https://www.bittorrent.org/beps/bep_0003.html">BEP 3</a>
 */
public record BlockRequest(int piece, int begin, int length) {
  public BlockRequest {
    if (piece < 0 || begin < 0 || length <= 0 || length > PiecePicker.BLOCK_SIZE) {
      throw new IllegalArgumentException(
          "bad block request: piece " + piece + " begin " + begin + " length " + length);
    }
  }
}
