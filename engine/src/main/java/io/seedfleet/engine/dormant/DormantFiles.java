package io.seedfleet.engine.dormant;

import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.engine.metainfo.MetainfoException;
import io.seedfleet.engine.resume.ResumeCodec;
import io.seedfleet.engine.resume.ResumeLoad;
import io.seedfleet.engine.resume.ResumeStore;
import io.seedfleet.engine.torrent.TorrentState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The files that let a dormant torrent be woken and a restart skip parsing: in the resume
 * directory, {@code torrents/<infohash-hex>.torrent} (a copy of each torrent's .torrent file,
 * written once when it is added) with {@code <infohash-hex>.dir} beside it (its download directory,
 * UTF-8), and {@value #INDEX_FILE} (every torrent's record, {@link
 * DormantIndex}). Writes are atomic (temp file, force, rename, force the directory), like the
 * resume snapshots. Blocking: call it off the actors' threads, except at start and stop.
 */
public final class DormantFiles {
  public static final String INDEX_FILE = "dormant.index";
  /** Far above 10 million records; a larger file is not read. */
  static final long MAX_INDEX_SIZE = 2L * 1024 * 1024 * 1024 - 64;

  private final Path resumeDir;
  private final Path copies;

  public DormantFiles(Path resumeDir) {
    this.resumeDir = resumeDir;
    this.copies = resumeDir.resolve("torrents");
  }

  public Path copyOf(InfoHash infoHash) {
    return copies.resolve(infoHash.hex() + ".torrent");
  }

  /**
   * Writes the torrent's .torrent copy and its directory, unless the same are already there (a
   * re-add after a restart).
   */
  public void saveCopy(InfoHash infoHash, byte[] torrentFile, Path downloadDir) throws IOException {
    Path target = copyOf(infoHash);
    if (!Files.isRegularFile(target) || Files.size(target) != torrentFile.length) {
      writeAtomically(target, torrentFile, false);
    }
    Path dirFile = dirFileOf(infoHash);
    byte[] dir = downloadDir.toString().getBytes(StandardCharsets.UTF_8);
    if (!Files.isRegularFile(dirFile) || !java.util.Arrays.equals(Files.readAllBytes(dirFile), dir)) {
      writeAtomically(dirFile, dir, false);
    }
  }

  private Path dirFileOf(InfoHash infoHash) {
    return copies.resolve(infoHash.hex() + ".dir");
  }

  /** Reads and parses the copy; the info-hash must be the one asked for. */
  public Metainfo loadCopy(InfoHash infoHash) throws IOException, MetainfoException {
    Path file = copyOf(infoHash);
    if (Files.size(file) > Metainfo.MAX_TORRENT_SIZE) {
      throw new IOException(file + " is larger than any .torrent");
    }
    Metainfo metainfo = Metainfo.parse(Files.readAllBytes(file));
    if (!metainfo.infoHash().equals(infoHash)) {
      throw new IOException(file + " holds torrent " + metainfo.infoHash());
    }
    return metainfo;
  }

  public void deleteCopy(InfoHash infoHash) throws IOException {
    Files.deleteIfExists(copyOf(infoHash));
    Files.deleteIfExists(dirFileOf(infoHash));
  }

  public void saveIndex(List<DormantTorrent> torrents) throws IOException {
    writeAtomically(resumeDir.resolve(INDEX_FILE), DormantIndex.encode(torrents), true);
  }

  /** Reads the index; never throws (a missing file is {@link DormantIndex.Unusable} too). */
  public DormantIndex.Load loadIndex() {
    Path file = resumeDir.resolve(INDEX_FILE);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size > MAX_INDEX_SIZE) {
        return new DormantIndex.Unusable(file + " has " + size + " bytes");
      }
      ByteBuffer buffer = ByteBuffer.allocate((int) size);
      while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
        // until full, or the end of a file that shrank meanwhile (its CRC then fails)
      }
      return DormantIndex.decode(java.util.Arrays.copyOf(buffer.array(), buffer.position()));
    } catch (NoSuchFileException e) {
      return new DormantIndex.Unusable("no " + INDEX_FILE);
    } catch (IOException | RuntimeException e) {
      return new DormantIndex.Unusable("cannot read " + file + ": " + e);
    }
  }

  /**
   * Without a usable index: one record per .torrent copy, from the copy and its resume snapshot.
   * A torrent whose snapshot says every piece is verified is recorded as seeding; any other as
   * checking, which the session wakes (its check decides). Copies that do not parse, or have no
   * directory beside them, are skipped.
   */
  public List<DormantTorrent> scanCopies() {
    List<DormantTorrent> found = new ArrayList<>();
    if (!Files.isDirectory(copies)) {
      return found;
    }
    ResumeStore resume = new ResumeStore(resumeDir);
    java.util.Map<String, Path> directories = new java.util.HashMap<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(copies, "*.torrent")) {
      for (Path file : files) {
        try {
          Metainfo metainfo = Metainfo.parse(Files.readAllBytes(file));
          Path dir = directories.computeIfAbsent(
              new String(Files.readAllBytes(dirFileOf(metainfo.infoHash())), StandardCharsets.UTF_8), Path::of);
          found.add(recordOf(metainfo, resume.load(ResumeCodec.Expected.of(metainfo)), dir));
        } catch (IOException | MetainfoException | RuntimeException e) {
          // not a usable copy: that torrent is re-added by whoever owns it (the catalogue, the operator)
        }
      }
    } catch (IOException e) {
      // an unreadable directory: as if empty
    }
    return found;
  }

  private static DormantTorrent recordOf(Metainfo metainfo, ResumeLoad load, Path downloadDir) {
    int verified = load instanceof ResumeLoad.Usable usable ? usable.state().verified().cardinality() : 0;
    boolean complete = verified == metainfo.pieceCount();
    return new DormantTorrent(metainfo.infoHash(), metainfo.name(), downloadDir,
        complete ? TorrentState.SEEDING : TorrentState.CHECKING, metainfo.pieceCount(), complete ? verified : 0,
        complete ? 0 : metainfo.pieceCount(), metainfo.totalLength(), complete ? metainfo.totalLength() : 0, 0, 0, 0,
        metainfo.isPrivate(), !metainfo.announceTiers().isEmpty(), 0, null);
  }

  private static void writeAtomically(Path target, byte[] content, boolean durable) throws IOException {
    Files.createDirectories(target.getParent());
    Path temp = target.resolveSibling(target.getFileName() + ".tmp");
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer bytes = ByteBuffer.wrap(content);
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      if (durable) {
        channel.force(true);
      }
    }
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    if (durable) {
      try (FileChannel directory = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
        directory.force(true);
      } catch (UnsupportedOperationException e) {
        // the rename is still atomic, only less durable
      }
    }
  }
}
