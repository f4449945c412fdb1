package io.seedfleet.engine.storage;

import java.io.IOException;
import java.util.Locale;
import java.util.Objects;

/**
 * A failed storage operation with a typed {@link StorageError}. It extends {@link IOException}
 * so the disk-thread callers handle every storage failure in one place.
 */
public final class StorageException extends IOException {
  private static final long serialVersionUID = 1L;

  private final StorageError error;

  public StorageException(StorageError error, String message) {
    super(error + ": " + message);
    this.error = Objects.requireNonNull(error);
  }

  public StorageException(StorageError error, String message, Throwable cause) {
    super(error + ": " + message, cause);
    this.error = Objects.requireNonNull(error);
  }

  public StorageError error() {
    return error;
  }

  /**
   * Wraps an I/O failure, recognising a full disk from the operating system's message (the JDK
   * reports ENOSPC and EDQUOT only as text).
   */
  static StorageException wrap(IOException e, String context) {
    if (e instanceof StorageException se) {
      return se;
    }
    StorageError error = isDiskFull(e) ? StorageError.DISK_FULL : StorageError.IO_ERROR;
    return new StorageException(error, context + ": " + e, e);
  }

  private static boolean isDiskFull(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null) {
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("no space left on device") || lower.contains("disk quota exceeded")) {
          return true;
        }
      }
    }
    return false;
  }
}
