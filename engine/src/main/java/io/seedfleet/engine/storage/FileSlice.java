package io.seedfleet.engine.storage;

/**
 * The part of one file that a block of a piece covers.
 *
 * @param fileIndex index into the torrent's file list
 * @param fileOffset where the slice starts inside the file
 * @param length bytes in the slice, always {@code > 0}
 */
public record FileSlice(int fileIndex, long fileOffset, int length) {
  public FileSlice {
    if (fileIndex < 0 || fileOffset < 0 || length <= 0) {
      throw new IllegalArgumentException(
          "bad slice: file " + fileIndex + " offset " + fileOffset + " length " + length);
    }
  }
}
