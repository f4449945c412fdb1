package io.seedfleet.engine.storage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

/**
 * {@link TorrentStorage#recheck}: one task per core, each claiming the next few selected pieces
 * from a shared cursor until none are left (docs/adr/0016-recheck-hashing.md). Claims are small
 * (about {@link #CLAIM_BYTES}), so every core stays busy to the end instead of one finishing its
 * fixed range early, and the cores together still read each file front to back, which the kernel's
 * read-ahead follows.
 */
final class PieceCheck {
  /** Bytes a task claims at a time: one piece, or enough small pieces to make the claim worth it. */
  static final int CLAIM_BYTES = 1 << 20;

  /** The SHA-1 of a piece as it is on disk. */
  @FunctionalInterface
  interface Hasher {
    byte[] sha1(int piece) throws IOException;
  }

  private final int[] pieces;
  private final int claim;
  private final BitSet unavailable;
  private final IntFunction<byte[]> expectedPieceHash;
  private final Hasher hasher;
  private final IntConsumer progress;
  /** Index into {@link #pieces} of the next unclaimed piece; may run past the end. */
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicBoolean cancelled = new AtomicBoolean();

  /**
   * @param selected the pieces to check, all below {@code layout.pieceCount()}
   * @param unavailable pieces reported without reading (a file missing, refused or short)
   */
  PieceCheck(
      PieceLayout layout,
      BitSet selected,
      BitSet unavailable,
      IntFunction<byte[]> expectedPieceHash,
      Hasher hasher,
      IntConsumer progress) {
    this.pieces = selected.stream().toArray();
    this.claim = Math.max(1, CLAIM_BYTES / layout.pieceLength());
    this.unavailable = unavailable;
    this.expectedPieceHash = expectedPieceHash;
    this.hasher = hasher;
    this.progress = progress;
  }

  /**
   * Runs {@code tasks} tasks on {@code pool} and waits for them. Tasks that start after the
   * others took every piece return at once, so a pool with fewer threads than tasks (or busy with
   * another torrent's check) costs nothing but the wait.
   *
   * @return the pieces whose data matched
   * @throws InterruptedException if interrupted while waiting; outstanding work is abandoned
   */
  BitSet run(ExecutorService pool, int tasks) throws IOException, InterruptedException {
    List<Future<BitSet>> futures = new ArrayList<>();
    int count = Math.max(1, Math.min(tasks, (pieces.length + claim - 1) / claim));
    BitSet verified = new BitSet();
    try {
      for (int i = 0; i < count; i++) {
        futures.add(pool.submit(this::work));
      }
      for (Future<BitSet> future : futures) {
        verified.or(future.get());
      }
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new StorageException(StorageError.IO_ERROR, "recheck failed", cause);
    } finally {
      // Never interrupt: an interrupt closes the FileChannels the tasks share with other users.
      cancelled.set(true);
      for (Future<BitSet> future : futures) {
        future.cancel(false);
      }
    }
    return verified;
  }

  private BitSet work() throws IOException {
    BitSet verified = new BitSet();
    try {
      while (!cancelled.get()) {
        int from = next.getAndAdd(claim);
        if (from >= pieces.length) {
          break;
        }
        int to = Math.min(pieces.length, from + claim);
        for (int i = from; i < to && !cancelled.get(); i++) {
          int piece = pieces[i];
          if (check(piece)) {
            verified.set(piece);
          }
          progress.accept(piece);
        }
      }
    } catch (IOException | RuntimeException | Error e) {
      cancelled.set(true); // the others stop at their next piece; the caller reports this one
      throw e;
    }
    return verified;
  }

  /** True if the piece is on disk and its hash matches. */
  private boolean check(int piece) throws IOException {
    if (unavailable.get(piece)) {
      return false;
    }
    try {
      byte[] expected = expectedPieceHash.apply(piece);
      return expected != null && Arrays.equals(expected, hasher.sha1(piece));
    } catch (StorageException e) {
      // A file vanished or was swapped for a link since the scan: the piece is not there.
      if (e.error() != StorageError.FILE_MISSING && e.error() != StorageError.SYMLINK_REFUSED) {
        throw e;
      }
      return false;
    }
  }
}
