package io.seedfleet.engine.session;

import io.seedfleet.engine.dormant.DormantFiles;
import io.seedfleet.engine.dormant.DormantIndex;
import io.seedfleet.engine.dormant.DormantTorrent;
import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.metainfo.Metainfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session's dormancy files ({@link DormantFiles}), read and written on the disk dispatcher so
 * that the session's thread never blocks; the session turns each result into a message to itself.
 */
final class DormantDisk {
  private static final Logger LOG = LoggerFactory.getLogger(DormantDisk.class);

  /** The torrents of the previous run, and where they came from (for the log). */
  record Restore(List<DormantTorrent> torrents, String source) {}

  private final DormantFiles files;
  private final Executor disk;

  DormantDisk(Path resumeDir, Executor disk) {
    this.files = new DormantFiles(resumeDir);
    this.disk = disk;
  }

  /** Completes when the copy is on disk; fails when it cannot be written (the torrent then never sleeps). */
  CompletionStage<Void> saveCopy(InfoHash infoHash, Metainfo metainfo, Path downloadDir) {
    return CompletableFuture.runAsync(() -> {
      try {
        files.saveCopy(infoHash, metainfo.torrentBytes(), downloadDir);
      } catch (IOException e) {
        LOG.warn("{}: cannot save its .torrent copy, it will not sleep: {}", infoHash, e.toString());
        throw new UncheckedIOException(e);
      }
    }, disk);
  }

  CompletionStage<Metainfo> loadCopy(InfoHash infoHash) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return files.loadCopy(infoHash);
      } catch (Exception e) {
        throw new IllegalStateException("cannot read its .torrent copy: " + e.getMessage(), e);
      }
    }, disk);
  }

  void deleteCopy(InfoHash infoHash) {
    CompletableFuture.runAsync(() -> {
      try {
        files.deleteCopy(infoHash);
      } catch (IOException e) {
        LOG.debug("{}: cannot delete its .torrent copy: {}", infoHash, e.toString()); // no index lists it
      }
    }, disk);
  }

  /** The index; without a usable one, every copy and its resume snapshot (slow, but complete). */
  CompletionStage<Restore> restore() {
    return CompletableFuture.supplyAsync(() -> {
      DormantIndex.Load load = files.loadIndex();
      if (load instanceof DormantIndex.Loaded loaded) {
        return new Restore(loaded.torrents(), "index");
      }
      return new Restore(files.scanCopies(), "copies (index unusable: " + ((DormantIndex.Unusable) load).reason() + ")");
    }, disk);
  }

  /** Completes (never fails) once written or given up; a failure is logged and the next sweep tries again. */
  CompletionStage<Void> saveIndex(List<DormantTorrent> records) {
    return CompletableFuture.runAsync(() -> saveIndexNow(records), disk);
  }

  /** On the caller's thread: only at the session's stop, when nothing else runs. */
  void saveIndexNow(List<DormantTorrent> records) {
    try {
      files.saveIndex(records);
    } catch (IOException e) {
      LOG.warn("cannot save the dormant index: {}", e.toString());
    }
  }
}
