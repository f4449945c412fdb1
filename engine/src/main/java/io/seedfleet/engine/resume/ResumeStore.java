package io.seedfleet.engine.resume;

import io.seedfleet.engine.metainfo.InfoHash;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Resume snapshots on disk, one file {@code <infohash-hex>.resume} per torrent in one directory.
 *
 * <p>A save is atomic and durable: the bytes go to {@code <hex>.resume.tmp} in the same
 * directory, are forced to the device, the temp file is renamed over the old snapshot
 * ({@code ATOMIC_MOVE}), and the directory is forced so the rename survives a power cut. A crash
 * at any point leaves the old snapshot or the new one, never a mix; a leftover temp file is never
 * read and is overwritten by the next save.
 *
 * <p>Callers serialise saves of one torrent (the torrent runs them one after another); saves of
 * different torrents touch different files.
 */
public final class ResumeStore {
  public static final String SUFFIX = ".resume";
  static final String TEMP_SUFFIX = ".tmp";

  private final Path dir;

  public ResumeStore(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  public Path fileFor(InfoHash infoHash) {
    return dir.resolve(infoHash.hex() + SUFFIX);
  }

  /** Reads and decodes the torrent's snapshot; never throws. */
  public ResumeLoad load(ResumeCodec.Expected expected) {
    Path file = fileFor(expected.infoHash());
    byte[] bytes;
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size > expected.maxEncodedSize()) {
        return new ResumeLoad.Unusable(ResumeLoad.Reason.TOO_LARGE,
            file + " has " + size + " bytes, at most " + expected.maxEncodedSize() + " expected");
      }
      ByteBuffer buffer = ByteBuffer.allocate((int) size);
      while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
        // until full, or the end of a file that shrank meanwhile (its CRC then fails)
      }
      bytes = Arrays.copyOf(buffer.array(), buffer.position());
    } catch (NoSuchFileException e) {
      return new ResumeLoad.Unusable(ResumeLoad.Reason.MISSING, "no " + file.getFileName());
    } catch (IOException e) {
      return new ResumeLoad.Unusable(ResumeLoad.Reason.IO_ERROR, "cannot read " + file + ": " + e);
    }
    return ResumeCodec.decode(bytes, expected);
  }

  /** Atomically replaces the torrent's snapshot with {@code state}; see the class comment. */
  public void save(ResumeState state) throws IOException {
    Files.createDirectories(dir);
    Path target = fileFor(state.infoHash());
    Path temp = target.resolveSibling(target.getFileName() + TEMP_SUFFIX);
    ByteBuffer bytes = ByteBuffer.wrap(ResumeCodec.encode(state));
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      channel.force(true);
    }
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    forceDirectory();
  }

  /** Deletes the torrent's snapshot, e.g. when the torrent is removed with its data. */
  public void delete(InfoHash infoHash) throws IOException {
    Files.deleteIfExists(fileFor(infoHash));
    Files.deleteIfExists(dir.resolve(infoHash.hex() + SUFFIX + TEMP_SUFFIX));
  }

  /** Makes the rename durable. Linux allows opening a directory for reading and forcing it. */
  private void forceDirectory() throws IOException {
    try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
      directory.force(true);
    } catch (UnsupportedOperationException e) {
      // Some platforms can't open directories; the rename is still atomic, only less durable.
    }
  }
}
