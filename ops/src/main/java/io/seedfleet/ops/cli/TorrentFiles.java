package io.seedfleet.ops.cli;

import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.engine.metainfo.MetainfoException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads .torrent files for the CLI, with errors phrased for a person at a terminal. */
final class TorrentFiles {
  private static final long MAX_TORRENT_FILE = 10L << 20;

  private TorrentFiles() {}

  /** Writes the .torrent file of {@code metainfo} (for a magnet: the fetched info dict plus its trackers). */
  static void save(Metainfo metainfo, Path file) throws CliException {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.write(file, metainfo.torrentBytes());
    } catch (IOException e) {
      throw new CliException("cannot write " + file + ": " + e.getMessage());
    }
  }

  static Metainfo load(Path file) throws CliException {
    try {
      if (!Files.isRegularFile(file)) {
        throw new CliException("no such torrent file: " + file);
      }
      if (Files.size(file) > MAX_TORRENT_FILE) {
        throw new CliException(file + " is larger than 10 MiB; not a torrent file");
      }
      return Metainfo.parse(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new CliException("cannot read " + file + ": " + e.getMessage());
    } catch (MetainfoException e) {
      throw new CliException("invalid torrent " + file + ": " + e.getMessage());
    }
  }
}
