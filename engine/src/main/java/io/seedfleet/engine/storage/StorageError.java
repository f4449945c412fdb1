package io.seedfleet.engine.storage;

/** Why a storage operation failed; carried by {@link StorageException}. */
public enum StorageError {
  /** A file path would resolve outside the download root. */
  PATH_OUTSIDE_ROOT,
  /** A path component or the file itself is a symbolic link; links are never followed. */
  SYMLINK_REFUSED,
  /** A path component is empty, {@code .}, {@code ..}, or holds a separator or NUL. */
  INVALID_PATH,
  /** Something other than a regular file (a directory, FIFO, device) sits where a file belongs. */
  NOT_A_REGULAR_FILE,
  /** A file that must exist for a read does not. */
  FILE_MISSING,
  /** The file system is out of space or quota. */
  DISK_FULL,
  /** Any other I/O failure. */
  IO_ERROR,
  /** The storage has been closed. */
  CLOSED
}
