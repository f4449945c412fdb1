package io.seedfleet.engine.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Arithmetic and buffers for writing verified pieces with O_DIRECT, around the page cache (ADR
 * 0014). O_DIRECT needs the file offset, the length and the memory address aligned to the file
 * system's block size; a piece's aligned middle goes direct, its unaligned edges (a file's end, a
 * piece that starts inside a block of a multi-file torrent) through the page cache.
 */
final class DirectIo {
  /** Below this many aligned bytes a slice is written through the page cache: not worth a second channel. */
  static final int MIN_DIRECT_BYTES = 64 * 1024;

  private static final int MAX_ALIGNMENT = 64 * 1024;

  /** One aligned buffer per disk thread, grown to the largest piece seen. */
  private static final ThreadLocal<ByteBuffer> BUFFER = new ThreadLocal<>();

  private DirectIo() {}

  /**
   * The alignment O_DIRECT needs under {@code root}, or 0 when its file system's block size is
   * unknown or unusual (then nothing is written direct).
   */
  static int alignment(Path root) {
    try {
      FileStore store = Files.getFileStore(root);
      long size = store.getBlockSize();
      boolean usable = size >= 512 && size <= MAX_ALIGNMENT && Long.bitCount(size) == 1;
      return usable ? (int) Math.max(size, 4096) : 0;
    } catch (IOException | UnsupportedOperationException e) {
      return 0;
    }
  }

  static long alignUp(long offset, int alignment) {
    return (offset + alignment - 1) & -alignment;
  }

  static long alignDown(long offset, int alignment) {
    return offset & -alignment;
  }

  /** A direct buffer of exactly {@code length} bytes whose address is aligned, reused by this thread. */
  static ByteBuffer buffer(int length, int alignment) {
    ByteBuffer cached = BUFFER.get();
    if (cached == null || cached.capacity() < length) {
      cached = ByteBuffer.allocateDirect(length + alignment).alignedSlice(alignment);
      BUFFER.set(cached);
    }
    return cached.clear().limit(length);
  }

  /**
   * True when the failure says this file system or file refuses O_DIRECT (EINVAL), as opposed to
   * a real I/O error such as a full disk, which must reach the caller.
   */
  static boolean refused(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      if (message.contains("Invalid argument") || message.contains("not a multiple of the block size")) {
        return true;
      }
    }
    return false;
  }
}
