package io.seedfleet.engine.resume;

import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.engine.storage.TorrentStorage;
import java.io.IOException;
import java.util.BitSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The two blocking sequences a torrent runs on its disk pool: the start-up check (use the
 * snapshot, or say why not and hash everything) and the save (flush, stamp, write).
 *
 * <p>Saves are serialised on this object (they share one temp file); the torrent also chains its
 * background saves so that they don't queue up on disk threads.
 */
public final class FastResume {
  private final ResumeStore store;
  private final Metainfo metainfo;
  private final ResumeCodec.Expected expected;

  public FastResume(ResumeStore store, Metainfo metainfo) {
    this.store = store;
    this.metainfo = metainfo;
    this.expected = ResumeCodec.Expected.of(metainfo);
  }

  /**
   * What the start-up check found.
   *
   * @param verified the pieces verified on disk
   * @param source whether a snapshot decided what to trust, or why a full check ran
   * @param summary one line for the log: what was trusted and hashed, or why the snapshot was not
   *     used
   */
  public record Outcome(BitSet verified, Source source, String summary) {
    public boolean usedSnapshot() {
      return source == Source.SNAPSHOT || source == Source.SNAPSHOT_WITH_CHANGES;
    }
  }

  public enum Source {
    /** The snapshot decided and no file had changed: it is still exact. */
    SNAPSHOT,
    /** The snapshot decided; files had changed, and their pieces were hashed (or found missing). */
    SNAPSHOT_WITH_CHANGES,
    /** Full check: there was no snapshot (a new torrent) or resume is off. */
    FULL_CHECK,
    /** Full check: a snapshot exists but could not be used (corrupt, old format, other torrent). */
    FULL_CHECK_SNAPSHOT_UNUSABLE,
    /** Full check on request. */
    FORCED
  }

  /**
   * Loads the snapshot and hashes only its suspect pieces; without a usable snapshot, hashes
   * everything. Blocking: run it on the disk pool.
   *
   * @param hashed called once for each piece actually read and hashed
   */
  public Outcome check(TorrentStorage storage, ExecutorService hashPool, IntConsumer progress, IntConsumer hashed)
      throws IOException, InterruptedException {
    ResumeLoad load = store.load(expected);
    if (load instanceof ResumeLoad.Unusable unusable) {
      BitSet verified = fullCheck(storage, hashPool, progress, hashed);
      Source source = unusable.reason() == ResumeLoad.Reason.MISSING ? Source.FULL_CHECK
          : Source.FULL_CHECK_SNAPSHOT_UNUSABLE;
      return new Outcome(verified, source, "full check (" + describe(unusable) + ")");
    }
    ResumeState saved = ((ResumeLoad.Usable) load).state();
    ResumePlan plan = ResumePlan.of(saved, storage.layout(), storage.fileStamps());
    AtomicInteger rehashed = new AtomicInteger();
    BitSet verified = plan.trusted();
    verified.or(storage.recheck(plan.suspect(), piece -> {
      rehashed.incrementAndGet();
      hashed.accept(piece);
      return metainfo.pieceHash(piece);
    }, hashPool, progress));
    Source source = plan.suspect().isEmpty() ? Source.SNAPSHOT : Source.SNAPSHOT_WITH_CHANGES;
    return new Outcome(verified, source, "resumed: " + plan.trusted().cardinality() + " pieces trusted, "
        + rehashed.get() + " re-hashed in changed files");
  }

  /** Hashes every piece, ignoring any snapshot (start without one, or a forced recheck). */
  public static BitSet fullCheck(TorrentStorage storage, Metainfo metainfo, ExecutorService hashPool,
      IntConsumer progress, IntConsumer hashed) throws IOException, InterruptedException {
    return storage.recheck(piece -> {
      hashed.accept(piece);
      return metainfo.pieceHash(piece);
    }, hashPool, progress);
  }

  private BitSet fullCheck(TorrentStorage storage, ExecutorService hashPool, IntConsumer progress, IntConsumer hashed)
      throws IOException, InterruptedException {
    return fullCheck(storage, metainfo, hashPool, progress, hashed);
  }

  /**
   * Saves {@code verified}: forces every written byte to the device first, then stamps the files
   * as they are after that flush, then replaces the snapshot atomically. Blocking.
   *
   * @param verified pieces whose writes had completed before this call (the flush covers them)
   */
  public synchronized void save(TorrentStorage storage, BitSet verified) throws IOException {
    storage.flush();
    ResumeState state = new ResumeState(metainfo.infoHash(), metainfo.pieceLength(), metainfo.pieceCount(),
        verified, storage.fileStamps(), System.currentTimeMillis());
    store.save(state);
  }

  private static String describe(ResumeLoad.Unusable unusable) {
    return switch (unusable.reason()) {
      case MISSING -> "no resume snapshot";
      default -> "resume snapshot unusable, " + unusable.reason().name().toLowerCase(java.util.Locale.ROOT)
          .replace('_', ' ') + ": " + unusable.detail();
    };
  }
}
