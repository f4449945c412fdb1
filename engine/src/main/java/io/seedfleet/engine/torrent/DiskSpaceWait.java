package io.seedfleet.engine.torrent;

import java.nio.file.Path;

/**
 * A torrent stopped by a full disk: whether it waits for free space, and whether enough has come
 * back to write again (see {@link StorageFaults#hasRoomAgain}). Owned by the torrent actor, which
 * looks on a timer and when the operator resumes it.
 */
final class DiskSpaceWait {
  private final Path downloadDir;
  private final int pieceLength;
  private boolean waiting;

  DiskSpaceWait(Path downloadDir, int pieceLength) {
    this.downloadDir = downloadDir;
    this.pieceLength = pieceLength;
  }

  boolean isWaiting() {
    return waiting;
  }

  void start() {
    waiting = true;
  }

  /** A recheck starts over: whatever the wait was for is checked again from the disk. */
  void cancel() {
    waiting = false;
  }

  /** True when waiting and there is room again for {@code bytesLeft}; the wait is then over. */
  boolean spaceReturned(long bytesLeft) {
    if (!waiting || !StorageFaults.hasRoomAgain(downloadDir, bytesLeft, pieceLength)) {
      return false;
    }
    waiting = false;
    return true;
  }
}
