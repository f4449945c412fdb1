package io.seedfleet.engine.torrent;

import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.engine.resume.FastResume;
import io.seedfleet.engine.storage.TorrentStorage;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Checks the data on disk off the actor (docs/adr/0008-fast-resume.md): trusts the resume snapshot
 * where it still holds, or hashes everything. Counts its progress for the status, which is read on
 * the actor while disk threads count.
 */
final class DataCheck {
  private final Metainfo metainfo;
  /** Null when fast resume is off: every check hashes everything. */
  private final FastResume fastResume;
  private final Executor disk;
  private final ExecutorService hashPool;
  private final AtomicInteger examined = new AtomicInteger();
  /** Pieces read and hashed by the latest check: 0 after a start whose snapshot covered everything. */
  private final AtomicInteger hashed = new AtomicInteger();

  DataCheck(Metainfo metainfo, FastResume fastResume, Executor disk, ExecutorService hashPool) {
    this.metainfo = metainfo;
    this.fastResume = fastResume;
    this.disk = disk;
    this.hashPool = hashPool;
  }

  /** Starts a check on the disk pool; {@code full} ignores the resume snapshot (a forced recheck). */
  CompletableFuture<FastResume.Outcome> start(TorrentStorage storage, boolean full) {
    FastResume resume = full ? null : fastResume;
    examined.set(0);
    hashed.set(0);
    IntConsumer onExamined = piece -> examined.incrementAndGet();
    IntConsumer onHashed = piece -> hashed.incrementAndGet();
    FastResume.Source fullSource = full ? FastResume.Source.FORCED : FastResume.Source.FULL_CHECK;
    String fullReason = full ? "full check (forced)" : "full check (fast resume off)";
    return CompletableFuture.supplyAsync(() -> {
      try {
        return resume != null ? resume.check(storage, hashPool, onExamined, onHashed)
            : new FastResume.Outcome(FastResume.fullCheck(storage, metainfo, hashPool, onExamined, onHashed),
                fullSource, fullReason);
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    }, disk);
  }

  /** Pieces examined so far by the latest check. */
  int examined() {
    return examined.get();
  }

  int hashed() {
    return hashed.get();
  }

  /** The innermost cause's message: what went wrong, without the future's wrapping. */
  static String rootMessage(Throwable t) {
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }
}
