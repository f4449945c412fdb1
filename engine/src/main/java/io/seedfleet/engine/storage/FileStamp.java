package io.seedfleet.engine.storage;

/**
 * What a file looked like on disk at one moment: enough to notice that something (us after a
 * snapshot, or someone else) changed it, without reading it.
 *
 * @param size the file's size in bytes, or -1 when it is missing (or is a padding file, which
 *     never exists on disk)
 * @param modifiedMillis the last-modified time in milliseconds since the epoch, or -1 when missing
 */
public record FileStamp(long size, long modifiedMillis) {
  public static final FileStamp ABSENT = new FileStamp(-1, -1);

  public FileStamp {
    if (size < -1 || (size == -1 && modifiedMillis != -1)) {
      throw new IllegalArgumentException("size " + size + " with time " + modifiedMillis);
    }
  }

  public boolean absent() {
    return size == -1;
  }
}
