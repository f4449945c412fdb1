package io.seedfleet.engine.storage;

import io.seedfleet.engine.metainfo.FileEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps the torrent's pieces onto its files. The files are concatenated, in order, into one byte
 * stream that is cut into pieces of {@code pieceLength} bytes (the last piece may be shorter);
 * a block of a piece can therefore span several files, and zero-length files occupy no bytes.
 *
 * <p>Immutable and thread-safe. The arguments come from an already-validated metainfo, so an
 * inconsistency is a programming error and raises {@link IllegalArgumentException}.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0003.html">BEP 3 (info dictionary)</a>
 * @see <a href="https://www.bittorrent.org/beps/bep_0047.html">BEP 47 (padding files)</a>
 */
public final class PieceLayout {
  private final List<FileEntry> files;
  private final int pieceLength;
  private final long totalLength;
  private final int pieceCount;
  /** offsets[i] is where file i starts in the byte stream; non-decreasing. */
  private final long[] offsets;
  private final long[] lengths;

  /**
   * @param files the torrent's files in stream order; each {@link FileEntry#offset()} must equal
   *     the sum of the lengths before it
   * @param pieceLength bytes per piece, {@code > 0}
   * @param totalLength the sum of all file lengths, padding files included
   */
  public PieceLayout(List<FileEntry> files, int pieceLength, long totalLength) {
    this.files = List.copyOf(files);
    if (pieceLength <= 0) {
      throw new IllegalArgumentException("piece length must be positive: " + pieceLength);
    }
    if (totalLength < 0) {
      throw new IllegalArgumentException("negative total length: " + totalLength);
    }
    this.pieceLength = pieceLength;
    this.totalLength = totalLength;
    long pieces = totalLength == 0 ? 0 : (totalLength - 1) / pieceLength + 1;
    if (pieces > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("too many pieces: " + pieces);
    }
    this.pieceCount = (int) pieces;
    int n = this.files.size();
    this.offsets = new long[n];
    this.lengths = new long[n];
    long sum = 0;
    for (int i = 0; i < n; i++) {
      FileEntry file = this.files.get(i);
      if (file.offset() != sum) {
        throw new IllegalArgumentException(
            "file " + i + " (" + file.displayPath() + ") starts at " + file.offset()
                + ", expected " + sum);
      }
      offsets[i] = sum;
      lengths[i] = file.length();
      sum = Math.addExact(sum, file.length());
    }
    if (sum != totalLength) {
      throw new IllegalArgumentException(
          "file lengths sum to " + sum + " but the total length is " + totalLength);
    }
    // Holds by construction of pieceCount; kept as the documented invariant.
    assert (long) pieceCount * pieceLength >= totalLength
        && (pieceCount == 0 || (long) (pieceCount - 1) * pieceLength < totalLength);
  }

  public List<FileEntry> files() {
    return files;
  }

  public int fileCount() {
    return files.size();
  }

  public int pieceLength() {
    return pieceLength;
  }

  public long totalLength() {
    return totalLength;
  }

  public int pieceCount() {
    return pieceCount;
  }

  /** The size of {@code piece}: {@link #pieceLength()} except for a shorter last piece. */
  public int pieceSize(int piece) {
    checkPiece(piece);
    if (piece == pieceCount - 1) {
      return (int) (totalLength - (long) piece * pieceLength);
    }
    return pieceLength;
  }

  /** Where {@code piece} starts in the torrent's byte stream. */
  public long pieceOffset(int piece) {
    checkPiece(piece);
    return (long) piece * pieceLength;
  }

  /** A copy of the start offset of every file in the byte stream. */
  public long[] fileOffsets() {
    return offsets.clone();
  }

  /**
   * The file slices covered by {@code length} bytes at {@code begin} in {@code piece}, in stream
   * order. Zero-length files never appear; padding files do (the caller skips or zero-fills them).
   *
   * @throws IndexOutOfBoundsException if the piece or the byte range is outside the torrent
   */
  public List<FileSlice> slices(int piece, int begin, int length) {
    int size = pieceSize(piece);
    if (begin < 0 || length < 0 || begin > size - length) {
      throw new IndexOutOfBoundsException(
          "block " + begin + "+" + length + " outside piece " + piece + " of size " + size);
    }
    List<FileSlice> out = new ArrayList<>(2);
    long position = (long) piece * pieceLength + begin;
    int remaining = length;
    int file = remaining == 0 ? 0 : fileAt(position);
    while (remaining > 0) {
      long within = position - offsets[file];
      long available = lengths[file] - within;
      if (available > 0) {
        int n = (int) Math.min(remaining, available);
        out.add(new FileSlice(file, within, n));
        position += n;
        remaining -= n;
      }
      file++;
    }
    return out;
  }

  /**
   * The pieces that hold bytes of {@code fileIndex}, as {@code {first, last}} (both inclusive),
   * or an empty array for a zero-length file.
   */
  public int[] piecesOfFile(int fileIndex) {
    if (fileIndex < 0 || fileIndex >= lengths.length) {
      throw new IndexOutOfBoundsException("file " + fileIndex + " of " + lengths.length);
    }
    if (lengths[fileIndex] == 0) {
      return new int[0];
    }
    long start = offsets[fileIndex];
    long end = start + lengths[fileIndex] - 1;
    return new int[] {(int) (start / pieceLength), (int) (end / pieceLength)};
  }

  /** The piece that holds byte {@code position} of the stream. */
  int pieceAt(long position) {
    return (int) (position / pieceLength);
  }

  long fileLength(int fileIndex) {
    return lengths[fileIndex];
  }

  long fileOffset(int fileIndex) {
    return offsets[fileIndex];
  }

  /**
   * The index of the file that holds byte {@code position}: the last file starting at or before
   * it. That file is never zero-length, since a zero-length file shares its offset with the next.
   */
  private int fileAt(long position) {
    int lo = 0;
    int hi = offsets.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (offsets[mid] <= position) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  private void checkPiece(int piece) {
    if (piece < 0 || piece >= pieceCount) {
      throw new IndexOutOfBoundsException("piece " + piece + " of " + pieceCount);
    }
  }
}
