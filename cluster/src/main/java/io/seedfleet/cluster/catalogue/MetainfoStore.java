package io.seedfleet.cluster.catalogue;

import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.engine.metainfo.MetainfoException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The .torrent files this node knows, under {@code <data-dir>/metainfo/<infohash-hex>.torrent}.
 * The catalogue carries only small specs; each node keeps the metainfo of what it added or holds,
 * and hands it to the nodes that need it. Files are written atomically (temp, fsync, rename) and
 * checked on read: a file that does not parse or has another info-hash counts as absent.
 */
public final class MetainfoStore {
  private final Path dir;

  public MetainfoStore(Path dataDir) {
    this.dir = dataDir.resolve("metainfo");
  }

  public Optional<Metainfo> read(InfoHash infoHash) {
    return readChecked(infoHash).map(Checked::metainfo);
  }

  /** The raw file, for another node; empty when absent or unreadable. */
  public Optional<byte[]> readBytes(InfoHash infoHash) {
    return readChecked(infoHash).map(Checked::bytes);
  }

  private record Checked(byte[] bytes, Metainfo metainfo) {}

  /** Reads the file once and parses it; empty when absent, unreadable, unparsable or of another hash. */
  private Optional<Checked> readChecked(InfoHash infoHash) {
    try {
      byte[] bytes = Files.readAllBytes(file(infoHash));
      Metainfo metainfo = Metainfo.parse(bytes);
      return metainfo.infoHash().equals(infoHash) ? Optional.of(new Checked(bytes, metainfo)) : Optional.empty();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | MetainfoException e) {
      return Optional.empty();
    }
  }

  public void write(InfoHash infoHash, byte[] torrentFile) throws IOException {
    Files.createDirectories(dir);
    Path target = file(infoHash);
    Path temp = dir.resolve(infoHash.hex() + ".torrent.tmp-" + ProcessHandle.current().pid() + "-" + Thread.currentThread().threadId());
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE)) {
      ByteBuffer buffer = ByteBuffer.wrap(torrentFile);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private Path file(InfoHash infoHash) {
    return dir.resolve(infoHash.hex() + ".torrent");
  }
}
