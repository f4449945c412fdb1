package io.seedfleet.engine.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A bounded LRU cache of open file channels: a torrent can hold 100k files, far more than the
 * process may keep open. Handles are reference-counted so that a channel evicted while another
 * disk thread is still using it is closed only after that thread {@linkplain #release releases}
 * it. Channels are opened outside the lock so a slow open never blocks reads of other files.
 *
 * <p>Closing a channel does not sync it, so files evicted after a write are remembered and
 * {@link #flush()} reopens and forces them.
 */
final class FileHandlePool implements AutoCloseable {
  /** Opens file {@code fileIndex}, creating it if {@code create}. */
  @FunctionalInterface
  interface Opener {
    FileChannel open(int fileIndex, boolean create) throws IOException;
  }

  /** One open channel. Fields other than {@code dirty} are guarded by the pool's lock. */
  static final class Handle {
    final int fileIndex;
    final FileChannel channel;
    /** Threads currently using the channel; it is closed only at zero. */
    private int references;
    /** Removed from the map; close when {@code references} reaches zero. */
    private boolean evicted;
    /** Written since the last force. */
    volatile boolean dirty;
    /** Read-only maps of the file, made when uploads need them. */
    final MappedWindows maps = new MappedWindows();

    private Handle(int fileIndex, FileChannel channel) {
      this.fileIndex = fileIndex;
      this.channel = channel;
    }
  }

  private final Opener opener;
  private final int capacity;
  private final Object lock = new Object();
  /** Access-ordered: the eldest entry is the least recently used. Guarded by {@code lock}. */
  private final LinkedHashMap<Integer, Handle> open = new LinkedHashMap<>(16, 0.75f, true);
  /** Files closed while dirty, to be forced by the next flush. */
  private final Set<Integer> evictedDirty = ConcurrentHashMap.newKeySet();
  private boolean closed;

  FileHandlePool(Opener opener, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
    }
    this.opener = opener;
    this.capacity = capacity;
  }

  /**
   * A handle for {@code fileIndex}, opened if not cached. Every successful call must be paired
   * with {@link #release}.
   */
  Handle acquire(int fileIndex, boolean create) throws IOException {
    List<Handle> toClose = new ArrayList<>();
    try {
      synchronized (lock) {
        checkOpen();
        Handle cached = open.get(fileIndex);
        if (cached != null) {
          if (cached.channel.isOpen()) {
            cached.references++;
            return cached;
          }
          // Closed under us, e.g. by an interrupted thread (FileChannel closes on interrupt).
          open.remove(fileIndex);
          retire(cached, toClose);
        }
      }
      FileChannel channel = opener.open(fileIndex, create);
      synchronized (lock) {
        Handle raced = open.get(fileIndex);
        if (closed) {
          toClose.add(new Handle(fileIndex, channel));
          checkOpen();
        }
        if (raced != null && raced.channel.isOpen()) {
          // Another thread opened the same file meanwhile: keep one channel.
          toClose.add(new Handle(fileIndex, channel));
          raced.references++;
          return raced;
        }
        if (raced != null) {
          open.remove(fileIndex);
          retire(raced, toClose);
        }
        Handle handle = new Handle(fileIndex, channel);
        handle.references = 1;
        open.put(fileIndex, handle);
        evictBeyondCapacity(toClose);
        return handle;
      }
    } finally {
      closeAll(toClose);
    }
  }

  /** Returns a handle obtained from {@link #acquire}. */
  void release(Handle handle) {
    boolean close;
    synchronized (lock) {
      handle.references--;
      close = handle.evicted && handle.references == 0;
    }
    if (close) {
      closeAll(List.of(handle));
    }
  }

  /** Number of channels in the cache (in-use evicted channels not counted). */
  int openCount() {
    synchronized (lock) {
      return open.size();
    }
  }

  /**
   * Forces every cached channel, then reopens and forces the files evicted since their last
   * write. Writes that completed before this call are durable when it returns.
   */
  void flush() throws IOException {
    List<Handle> snapshot;
    synchronized (lock) {
      checkOpen();
      snapshot = new ArrayList<>(open.values());
      for (Handle handle : snapshot) {
        handle.references++;
      }
    }
    IOException failure = null;
    for (Handle handle : snapshot) {
      try {
        force(handle);
      } catch (IOException e) {
        failure = failure == null ? e : failure;
      } finally {
        release(handle);
      }
    }
    for (Iterator<Integer> it = evictedDirty.iterator(); it.hasNext(); ) {
      int fileIndex = it.next();
      it.remove();
      Handle handle = acquire(fileIndex, false);
      try {
        force(handle);
      } catch (IOException e) {
        failure = failure == null ? e : failure;
      } finally {
        release(handle);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public void close() {
    List<Handle> toClose = new ArrayList<>();
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      for (Handle handle : open.values()) {
        retire(handle, toClose);
      }
      open.clear();
    }
    closeAll(toClose);
  }

  private static void force(Handle handle) throws IOException {
    if (!handle.dirty) {
      return;
    }
    handle.dirty = false;
    try {
      handle.channel.force(false);
    } catch (IOException e) {
      handle.dirty = true;
      throw e;
    }
  }

  private void evictBeyondCapacity(List<Handle> toClose) {
    Iterator<Handle> eldestFirst = open.values().iterator();
    while (open.size() > capacity && eldestFirst.hasNext()) {
      Handle eldest = eldestFirst.next();
      eldestFirst.remove();
      retire(eldest, toClose);
    }
  }

  /** Marks a handle removed from the map; adds it to {@code toClose} if nobody uses it. */
  private static void retire(Handle handle, List<Handle> toClose) {
    handle.evicted = true;
    if (handle.references == 0) {
      toClose.add(handle);
    }
  }

  private void closeAll(List<Handle> handles) {
    for (Handle handle : handles) {
      if (handle.dirty) {
        evictedDirty.add(handle.fileIndex);
      }
      try {
        handle.channel.close();
      } catch (IOException e) {
        // Nothing to recover: the data was handed to the OS on write; flush() re-syncs the file.
      }
    }
  }

  private void checkOpen() throws StorageException {
    if (closed) {
      throw new StorageException(StorageError.CLOSED, "storage is closed");
    }
  }
}
