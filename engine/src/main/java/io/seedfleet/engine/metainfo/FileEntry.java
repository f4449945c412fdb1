package io.seedfleet.engine.metainfo;

import java.util.List;
import java.util.Objects;

/**
 * One file of a torrent, as laid out in the torrent's byte stream.
 *
 * @param path the sanitised path relative to the download directory, one element per directory
 *     level; for a multi-file torrent the first element is the torrent's (sanitised) name, for a
 *     single-file torrent the only element is the file name. Never empty; no element is empty,
 *     {@code .}, {@code ..}, or contains a separator or NUL.
 * @param length the file's length in bytes, {@code >= 0}
 * @param offset where the file starts in the torrent's concatenated byte stream
 * @param padding true for a BEP 47 padding file, whose bytes are zeros and are never written
 */
public record FileEntry(List<String> path, long length, long offset, boolean padding) {
  public FileEntry {
    path = List.copyOf(path);
    if (path.isEmpty()) {
      throw new IllegalArgumentException("a file needs a path");
    }
    if (length < 0 || offset < 0) {
      throw new IllegalArgumentException("negative length or offset: " + length + ", " + offset);
    }
    Objects.requireNonNull(path);
  }

  /** The path joined with '/', for display and logs. */
  public String displayPath() {
    return String.join("/", path);
  }
}
