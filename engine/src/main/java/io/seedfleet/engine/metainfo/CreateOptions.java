package io.seedfleet.engine.metainfo;

import java.util.List;
import java.util.Objects;

/**
 * How {@link TorrentCreator} builds a torrent.
 *
 * @param pieceLength bytes per piece: a power of two of at least 16 KiB and at most 128 MiB, or
 *     0 to choose one giving about 1500 pieces (a power of two between 16 KiB and 16 MiB)
 * @param trackers announce URLs, each its own tier; may be empty (trackerless)
 * @param privateFlag true to set the BEP 27 private flag
 * @param comment free text, or null for none
 * @param createdBy the creating program, or null for none
 */
public record CreateOptions(
    int pieceLength, List<String> trackers, boolean privateFlag, String comment, String createdBy) {
  public CreateOptions {
    trackers = List.copyOf(trackers);
    if (pieceLength != 0
        && (pieceLength < Metainfo.BLOCK_SIZE
            || pieceLength > Metainfo.MAX_PIECE_LENGTH
            || Integer.bitCount(pieceLength) != 1)) {
      throw new IllegalArgumentException(
          "piece length must be 0 or a power of two from 16 KiB to 128 MiB, was " + pieceLength);
    }
    trackers.forEach(Objects::requireNonNull);
  }

  /** Automatic piece length, no trackers, public, no comment. */
  public static CreateOptions defaults() {
    return new CreateOptions(0, List.of(), false, null, null);
  }
}
