package io.seedfleet.engine.metainfo;

import io.seedfleet.engine.bencode.BBytes;
import io.seedfleet.engine.bencode.BDict;
import io.seedfleet.engine.bencode.BList;
import io.seedfleet.engine.bencode.BValue;
import io.seedfleet.engine.bencode.Bencode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Creates a v1 .torrent file from a file or a directory, hashing pieces in parallel.
 *
 * <p>A directory is walked recursively; hidden and empty files are included and files are
 * ordered by their relative path's UTF-8 bytes (as mktorrent does, so both produce the same
 * {@code pieces}). Symbolic links are rejected rather than followed: following them could pull
 * files from outside the source into a shared torrent. The info dict holds {@code files} or
 * {@code length}, {@code name}, {@code piece length}, {@code pieces} and {@code private} when
 * set, which is what mktorrent writes too.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0003.html">BEP 3: metainfo</a>
 */
public final class TorrentCreator {
  private static final int TARGET_PIECES = 1500;
  private static final int MAX_AUTO_PIECE_LENGTH = 16 * 1024 * 1024;
  /** Pieces per hashing task: enough to amortise the task, few enough to spread the work. */
  private static final int PIECES_PER_TASK = 16;
  private static final int HASH_LENGTH = 20;

  private TorrentCreator() {}

  /** One file of the source, with where it starts in the concatenated stream. */
  private record SourceFile(Path file, List<String> path, long length, long offset) {}

  /**
   * Builds the .torrent bytes for {@code source}.
   *
   * @param hashPool runs the hashing tasks; the caller owns and shuts it down
   * @throws IOException when the source cannot be read, contains a symbolic link, holds no data,
   *     or changes size while being hashed
   */
  public static byte[] create(Path source, CreateOptions options, ExecutorService hashPool)
      throws IOException {
    if (Files.isSymbolicLink(source)) {
      throw new IOException("source is a symbolic link: " + source);
    }
    Path fileName = source.toAbsolutePath().normalize().getFileName();
    if (fileName == null) {
      throw new IOException("source has no name: " + source);
    }
    String name = fileName.toString();
    boolean singleFile = Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS);
    List<SourceFile> files = singleFile ? List.of(single(source, name)) : walk(source);
    long total = files.isEmpty() ? 0 : last(files).offset() + last(files).length();
    if (total == 0) {
      throw new IOException("nothing to share: no file in " + source + " has any data");
    }
    int pieceLength =
        options.pieceLength() != 0 ? options.pieceLength() : autoPieceLength(total);
    long pieceCount = (total - 1) / pieceLength + 1;
    if (pieceCount > Metainfo.MAX_PIECES) {
      throw new IOException(pieceCount + " pieces are too many; use a larger piece length");
    }
    byte[] pieces = hashPieces(files, total, pieceLength, (int) pieceCount, hashPool);

    BDict.Builder info = BDict.builder().put("name", name).put("piece length", pieceLength)
        .put("pieces", pieces);
    if (singleFile) {
      info.put("length", total);
    } else {
      List<BValue> list = new ArrayList<>();
      for (SourceFile f : files) {
        list.add(BDict.builder().put("length", f.length()).putStrings("path", f.path()).build());
      }
      info.put("files", new BList(list));
    }
    if (options.privateFlag()) {
      info.put("private", 1);
    }
    BDict.Builder torrent = BDict.builder().put("info", info.build());
    if (!options.trackers().isEmpty()) {
      torrent.put("announce", options.trackers().get(0));
      if (options.trackers().size() > 1) {
        List<BValue> tiers = new ArrayList<>();
        for (String tracker : options.trackers()) {
          tiers.add(new BList(List.of(BBytes.of(tracker))));
        }
        torrent.put("announce-list", new BList(tiers));
      }
    }
    if (options.comment() != null) {
      torrent.put("comment", options.comment());
    }
    if (options.createdBy() != null) {
      torrent.put("created by", options.createdBy());
    }
    torrent.put("creation date", System.currentTimeMillis() / 1000);
    return Bencode.encode(torrent.build());
  }

  /** About {@value #TARGET_PIECES} pieces: a power of two between 16 KiB and 16 MiB. */
  static int autoPieceLength(long totalLength) {
    long wanted = Math.max(1, totalLength / TARGET_PIECES);
    long power = Long.highestOneBit(wanted);
    return Math.clamp(power, Metainfo.BLOCK_SIZE, MAX_AUTO_PIECE_LENGTH);
  }

  private static SourceFile single(Path file, String name) throws IOException {
    return new SourceFile(file, List.of(name), Files.size(file), 0);
  }

  private static SourceFile last(List<SourceFile> files) {
    return files.get(files.size() - 1);
  }

  private static List<SourceFile> walk(Path root) throws IOException {
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("not a regular file or directory: " + root);
    }
    List<Path> found = new ArrayList<>();
    // walkFileTree does not follow links unless asked to; links show up as non-regular files.
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            if (attrs.isSymbolicLink()) {
              throw new IOException("symbolic links are not supported: " + file);
            }
            if (!attrs.isRegularFile()) {
              throw new IOException("not a regular file: " + file);
            }
            found.add(file);
            return FileVisitResult.CONTINUE;
          }
        });
    List<List<String>> paths = new ArrayList<>();
    for (Path file : found) {
      List<String> elements = new ArrayList<>();
      for (Path element : root.relativize(file)) {
        elements.add(element.toString());
      }
      paths.add(elements);
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < found.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparing(i -> joined(paths.get(i)), Arrays::compareUnsigned));
    List<SourceFile> files = new ArrayList<>();
    long offset = 0;
    for (int i : order) {
      long length = Files.size(found.get(i));
      files.add(new SourceFile(found.get(i), paths.get(i), length, offset));
      offset = Math.addExact(offset, length);
    }
    return files;
  }

  private static byte[] joined(List<String> path) {
    return String.join("/", path).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] hashPieces(
      List<SourceFile> files, long total, int pieceLength, int pieceCount, ExecutorService pool)
      throws IOException {
    byte[] pieces = new byte[pieceCount * HASH_LENGTH];
    List<Future<?>> tasks = new ArrayList<>();
    for (int first = 0; first < pieceCount; first += PIECES_PER_TASK) {
      int from = first;
      int to = Math.min(pieceCount, first + PIECES_PER_TASK);
      tasks.add(
          pool.submit(
              () -> {
                hashRange(files, total, pieceLength, from, to, pieces);
                return null;
              }));
    }
    try {
      for (Future<?> task : tasks) {
        task.get();
      }
    } catch (InterruptedException e) {
      tasks.forEach(t -> t.cancel(true));
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while hashing", e);
    } catch (ExecutionException e) {
      tasks.forEach(t -> t.cancel(true));
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException("hashing failed", e.getCause());
    }
    return pieces;
  }

  /** Hashes pieces {@code [from, to)} into their slots of {@code pieces}. */
  private static void hashRange(
      List<SourceFile> files, long total, int pieceLength, int from, int to, byte[] pieces)
      throws IOException {
    MessageDigest sha1 = Metainfo.sha1();
    ByteBuffer buffer = ByteBuffer.allocate(Math.min(pieceLength, 1 << 20));
    int fileIndex = fileAt(files, (long) from * pieceLength);
    FileChannel channel = null;
    int channelIndex = -1;
    try {
      for (int piece = from; piece < to; piece++) {
        long position = (long) piece * pieceLength;
        long end = Math.min(total, position + pieceLength);
        while (position < end) {
          SourceFile file = files.get(fileIndex);
          long fileEnd = file.offset() + file.length();
          if (position >= fileEnd) {
            fileIndex++;
            continue;
          }
          if (channelIndex != fileIndex) {
            if (channel != null) {
              channel.close();
            }
            channel = FileChannel.open(file.file(), StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS);
            channelIndex = fileIndex;
          }
          long chunkEnd = Math.min(end, fileEnd);
          buffer.clear().limit((int) Math.min(buffer.capacity(), chunkEnd - position));
          int read = channel.read(buffer, position - file.offset());
          if (read < 0) {
            throw new IOException("file shrank while hashing: " + file.file());
          }
          sha1.update(buffer.array(), 0, read);
          position += read;
        }
        System.arraycopy(sha1.digest(), 0, pieces, piece * HASH_LENGTH, HASH_LENGTH);
      }
    } finally {
      if (channel != null) {
        channel.close();
      }
    }
  }

  /** The index of the file holding stream offset {@code position} (skipping empty files). */
  private static int fileAt(List<SourceFile> files, long position) {
    int low = 0;
    int high = files.size() - 1;
    while (low < high) {
      int mid = (low + high + 1) >>> 1;
      if (files.get(mid).offset() <= position) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    return low;
  }
}
