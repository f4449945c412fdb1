package io.seedfleet.engine.torrent;

import io.seedfleet.engine.resume.FastResume;
import io.seedfleet.engine.storage.TorrentStorage;
import java.util.BitSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The torrent's resume snapshot writes: one at a time on the disk pool, skipped when the verified
 * set has not changed since the last one. Owned and called by the torrent actor only.
 */
final class ResumeSaves {
  private final FastResume fastResume;
  private final Executor disk;
  /** Writes chained so that they never overlap (they share the temp file). */
  private CompletableFuture<Void> writes = CompletableFuture.completedFuture(null);
  /** The verified set of the latest snapshot written or being written; null when it must be rewritten. */
  private BitSet saved;

  ResumeSaves(FastResume fastResume, Executor disk) {
    this.fastResume = fastResume;
    this.disk = disk;
  }

  /** The data check found {@code verified}: whether the snapshot on disk still says just that. */
  void checked(FastResume.Outcome outcome, BitSet verified) {
    // A snapshot that decided everything and found no changed file is still exact; otherwise rewrite it now.
    // A new torrent with nothing on disk has nothing worth a write (thousands of them start at once).
    boolean nothingToRemember = outcome.source() == FastResume.Source.FULL_CHECK && verified.isEmpty();
    savedAs(outcome.source() == FastResume.Source.SNAPSHOT || nothingToRemember ? verified : null);
  }

  /** The snapshot on disk is exact for {@code verified}, or (null) it must be rewritten. */
  void savedAs(BitSet verified) {
    saved = verified == null ? null : (BitSet) verified.clone();
  }

  /**
   * Schedules a write of {@code verified} unless it is what was last saved.
   *
   * @param verified pieces whose writes have completed (the save's flush then covers them)
   * @param onFailure called from a disk thread with the reason a write failed
   */
  void saveIfChanged(TorrentStorage storage, BitSet verified, Consumer<String> onFailure) {
    if (verified.equals(saved)) {
      return;
    }
    BitSet snapshot = (BitSet) verified.clone();
    saved = snapshot;
    writes = writes.exceptionally(e -> null).thenRunAsync(() -> {
      try {
        fastResume.save(storage, snapshot);
      } catch (Exception e) {
        onFailure.accept(e.toString());
      }
    }, disk);
  }

  /** Whether the snapshot on disk is {@code verified}, with no write in flight. */
  boolean current(BitSet verified) {
    return writes.isDone() && verified.equals(saved);
  }

  /**
   * On the calling thread, for a stopping torrent whose system may never run a queued disk task:
   * waits (boundedly) for the write in flight, then writes {@code verified} if it changed.
   */
  void saveNow(TorrentStorage storage, BitSet verified) throws java.io.IOException {
    try {
      writes.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // a failed or slow earlier write: the one below replaces it
    }
    if (!verified.equals(saved)) {
      fastResume.save(storage, verified);
      saved = (BitSet) verified.clone();
    }
  }
}
