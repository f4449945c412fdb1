package io.seedfleet.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * One node per data directory: two nodes on one directory would run the same torrents on the same
 * files and share one LMDB environment. Held for the node's life, in this JVM and across processes.
 */
final class DataDirLock implements AutoCloseable {

  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Waits up to {@code patience} for a node that is stopping to let go, then fails. */
  static DataDirLock acquire(Path dataDir, Duration patience) {
    Path file = dataDir.resolve("node.lock");
    long deadline = System.nanoTime() + patience.toNanos();
    try {
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      while (true) {
        FileLock lock;
        try {
          lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
          lock = null; // held by a node in this JVM
        }
        if (lock != null) {
          return new DataDirLock(channel, lock);
        }
        if (System.nanoTime() > deadline) {
          channel.close();
          throw new IllegalStateException("data dir " + dataDir + " is in use by another seedfleet node");
        }
        Thread.sleep(100);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + file, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while locking " + file, e);
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      // the channel is gone either way; the OS drops the lock with it
    }
  }
}
