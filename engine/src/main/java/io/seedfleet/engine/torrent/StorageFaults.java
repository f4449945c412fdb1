package io.seedfleet.engine.torrent;

import io.seedfleet.engine.storage.StorageError;
import io.seedfleet.engine.storage.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Telling a full disk from other storage faults, and when it is worth trying again. */
final class StorageFaults {
  /** Free space wanted before writing again: enough for a few pieces, never more than what is left. */
  private static final long MIN_FREE_BYTES = 8L << 20;

  private StorageFaults() {}

  static boolean isDiskFull(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof StorageException se && se.error() == StorageError.DISK_FULL) {
        return true;
      }
    }
    return false;
  }

  /**
   * True when the file system holding {@code dir} (or its nearest existing parent) has room for
   * {@code min(bytesLeft, max(8 MiB, 2 pieces))}.
   */
  static boolean hasRoomAgain(Path dir, long bytesLeft, int pieceLength) {
    Path existing = dir.toAbsolutePath();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return false;
    }
    long wanted = Math.min(Math.max(1, bytesLeft), Math.max(MIN_FREE_BYTES, 2L * pieceLength));
    try {
      return Files.getFileStore(existing).getUsableSpace() >= wanted;
    } catch (IOException e) {
      return false;
    }
  }
}
