package io.seedfleet.engine.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.HashMap;
import java.util.Map;

/**
 * Read-only memory maps of one open file, in aligned windows made on first use, so that uploads
 * can hand the kernel the page cache's own pages (see docs/adr/0012-uploads-from-mapped-files.md).
 * A map stays valid after its channel closes and is unmapped when the garbage collector frees it.
 * Thread-safe.
 *
 * <p>Java code must never read a view: if the file shrinks under the map, touching a page past
 * its end raises SIGBUS (HotSpot turns it into an {@link InternalError} when it happens in
 * {@code MappedByteBuffer.load()}). A socket write from such a view merely fails (EFAULT).
 */
final class MappedWindows {
  /** Window size: a 64 MiB map costs one mmap call and no memory until its pages are used. */
  static final long WINDOW = 64L << 20;

  private final Map<Long, MappedByteBuffer> windows = new HashMap<>(); // guarded by itself

  /**
   * A read-only view of {@code length} bytes at {@code position}, which must not cross a window
   * boundary; null when the file is shorter than that.
   */
  ByteBuffer view(FileChannel channel, long position, int length) throws IOException {
    long index = position / WINDOW;
    long start = index * WINDOW;
    int offset = (int) (position - start);
    if (offset + (long) length > WINDOW) {
      throw new IllegalArgumentException("view crosses a window boundary: " + position + "+" + length);
    }
    long fileSize = channel.size(); // checked every time: a map of a file that shrank would fault
    if (fileSize < position + length) {
      return null;
    }
    MappedByteBuffer window;
    synchronized (windows) {
      window = windows.get(index);
      if (window == null || window.capacity() < offset + length) { // none yet, or the file grew
        long size = Math.min(WINDOW, fileSize - start);
        window = channel.map(FileChannel.MapMode.READ_ONLY, start, size);
        windows.put(index, window);
      }
    }
    return window.slice(offset, length);
  }

  /** Bytes to the end of the window that holds {@code position}. */
  static long toWindowEnd(long position) {
    return WINDOW - position % WINDOW;
  }
}
