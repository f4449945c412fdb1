package io.seedfleet.engine.storage;

import com.sun.nio.file.ExtendedOpenOption;
import io.seedfleet.engine.metainfo.FileEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

/**
 * A torrent's files on disk, addressed by piece and offset.
 *
 * <p><b>File creation.</b> Zero-length files are created by {@link #open}, since nothing would
 * ever be written to them. Other files are created lazily, by the first write that touches them,
 * and are never pre-allocated: files the user never downloads (deselected, or in a 100k-file
 * torrent) cost nothing; a missing or short file tells {@link #recheck} which pieces to skip
 * without reading; and not every file system supports sparse files, where pre-allocating would
 * write gigabytes of zeros. Out-of-order writes leave holes, which read back as zeros. BEP 47
 * padding files are never created or written; their bytes read as zeros.
 *
 * <p><b>Safety.</b> Every path is resolved through {@link SafePaths}: links are refused and
 * nothing is created, read or written outside the download root.
 *
 * <p><b>Threads.</b> Safe for concurrent reads and writes of different blocks from a disk thread
 * pool of platform threads (each keeps a small direct buffer for hashing). At most
 * {@code maxOpenFiles} channels stay open. Interrupting a thread during I/O closes the shared
 * channel (a {@link FileChannel} rule); other threads then transparently reopen it.
 */
public final class TorrentStorage implements AutoCloseable {
  public static final int DEFAULT_MAX_OPEN_FILES = 256;

  /**
   * Bytes read per hashing step: the buffer stays in the core's L2 cache between the kernel's copy
   * and the digest's, and the system call is amortised (64 KiB and 1 MiB measured slower; ADR 0016).
   */
  static final int HASH_CHUNK = 128 * 1024;

  private static final ThreadLocal<ByteBuffer> HASH_BUFFER =
      ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(HASH_CHUNK));
  private static final ThreadLocal<MessageDigest> SHA1 =
      ThreadLocal.withInitial(TorrentStorage::newSha1);

  private static final int DIRECT_OPEN_FILES = 8;

  /** How often an operation is retried after another thread's interrupt closed the channel. */
  private static final int CLOSED_CHANNEL_RETRIES = 3;

  private final Path root;
  private final PieceLayout layout;
  /** The checked location of each file; null for padding files. */
  private final Path[] paths;
  private final FileHandlePool handles;
  /** O_DIRECT channels for {@link #writePiece}; few, since a torrent writes few files at a time. */
  private final FileHandlePool directHandles;
  /** The alignment O_DIRECT needs here; 0 once it is known not to work (then never tried again). */
  private volatile int directAlignment;
  private final MappedBlocks mappedBlocks;

  private TorrentStorage(Path root, PieceLayout layout, Path[] paths, int maxOpenFiles) {
    this.root = root;
    this.layout = layout;
    this.paths = paths;
    this.handles = new FileHandlePool((file, create) -> openFile(file, create, false), maxOpenFiles);
    this.directHandles = new FileHandlePool((file, create) -> openFile(file, create, true), DIRECT_OPEN_FILES);
    this.directAlignment = DirectIo.alignment(root);
    this.mappedBlocks = new MappedBlocks(layout, paths, handles);
  }

  /** Opens with {@link #DEFAULT_MAX_OPEN_FILES}. */
  public static TorrentStorage open(Path downloadRoot, PieceLayout layout)
      throws StorageException {
    return open(downloadRoot, layout, DEFAULT_MAX_OPEN_FILES);
  }

  /**
   * Creates the download root if needed, validates every file path, and creates the torrent's
   * zero-length files.
   *
   * @throws StorageException INVALID_PATH, PATH_OUTSIDE_ROOT or SYMLINK_REFUSED for a path that
   *     could escape the root or collides with another file; IO_ERROR or DISK_FULL otherwise
   */
  public static TorrentStorage open(Path downloadRoot, PieceLayout layout, int maxOpenFiles)
      throws StorageException {
    Path root;
    try {
      Files.createDirectories(downloadRoot);
      root = downloadRoot.toRealPath();
    } catch (IOException e) {
      throw StorageException.wrap(e, "cannot create download root " + downloadRoot);
    }
    List<FileEntry> files = layout.files();
    Path[] paths = new Path[files.size()];
    Set<Path> seen = new HashSet<>();
    for (int i = 0; i < paths.length; i++) {
      FileEntry file = files.get(i);
      if (file.padding()) {
        continue;
      }
      paths[i] = SafePaths.resolve(root, file.path());
      if (!seen.add(paths[i])) {
        throw new StorageException(
            StorageError.INVALID_PATH, "two files share the path " + file.displayPath());
      }
    }
    for (Path path : seen) {
      for (Path parent = path.getParent(); !parent.equals(root); parent = parent.getParent()) {
        if (seen.contains(parent)) {
          throw new StorageException(
              StorageError.INVALID_PATH, parent + " is both a file and a directory");
        }
      }
    }
    TorrentStorage storage = new TorrentStorage(root, layout, paths, maxOpenFiles);
    for (int i = 0; i < paths.length; i++) {
      if (paths[i] != null && files.get(i).length() == 0) {
        storage.createEmptyFile(paths[i]);
      }
    }
    return storage;
  }

  public PieceLayout layout() {
    return layout;
  }

  /** The real path of the download root. */
  public Path root() {
    return root;
  }

  /**
   * Writes {@code data.remaining()} bytes at {@code begin} in {@code piece}, across file
   * boundaries, creating files and directories as needed. On return {@code data} is consumed.
   *
   * @throws IndexOutOfBoundsException if the block lies outside the piece (a caller bug)
   * @throws StorageException DISK_FULL, SYMLINK_REFUSED, PATH_OUTSIDE_ROOT, IO_ERROR, ...
   */
  public void writeBlock(int piece, int begin, ByteBuffer data) throws IOException {
    int position = data.position();
    for (FileSlice slice : layout.slices(piece, begin, data.remaining())) {
      if (paths[slice.fileIndex()] != null) {
        transfer(slice, data.slice(position, slice.length()), true);
      }
      position += slice.length();
    }
    data.position(position);
  }

  /**
   * Writes a whole verified piece, its block-aligned parts with O_DIRECT (ADR 0014): they go to
   * the disk without being copied into the page cache, which on a busy seedbox only evicts data
   * that is being served, and on this project's VMs costs a host page fault per page. The rest,
   * and everything on a file system that refuses O_DIRECT, goes through the page cache as {@link
   * #writeBlock} does. Durable only after {@link #flush()}, like every write.
   */
  public void writePiece(int piece, ByteBuffer data) throws IOException {
    int position = data.position();
    for (FileSlice slice : layout.slices(piece, 0, data.remaining())) {
      if (paths[slice.fileIndex()] != null) {
        ByteBuffer part = data.slice(position, slice.length());
        if (!writeAroundPageCache(slice, part)) {
          transfer(slice, part, true);
        }
      }
      position += slice.length();
    }
    data.position(position);
  }

  /** The aligned middle of the slice direct, its edges buffered; false when nothing went direct. */
  private boolean writeAroundPageCache(FileSlice slice, ByteBuffer part) throws IOException {
    int alignment = directAlignment;
    long start = slice.fileOffset();
    long end = start + slice.length();
    long directStart = DirectIo.alignUp(start, alignment);
    long directEnd = DirectIo.alignDown(end, alignment);
    if (alignment == 0 || directEnd - directStart < DirectIo.MIN_DIRECT_BYTES) {
      return false;
    }
    int head = (int) (directStart - start);
    int middle = (int) (directEnd - directStart);
    ByteBuffer middlePart = part.slice(head, middle);
    ByteBuffer aligned = middlePart.isDirect() && middlePart.alignmentOffset(0, alignment) == 0
        ? middlePart // the engine's piece buffers are aligned: no copy
        : DirectIo.buffer(middle, alignment).put(middlePart).flip();
    FileHandlePool.Handle handle = null;
    try {
      handle = directHandles.acquire(slice.fileIndex(), true);
      handle.dirty = true;
      writeFully(handle.channel, aligned, directStart);
      handle.dirty = true; // as in transfer(): a flush that ran meanwhile must not count these bytes
    } catch (IOException e) {
      if (!DirectIo.refused(e)) {
        throw StorageException.wrap(e, describe(slice));
      }
      directAlignment = 0; // this file system refuses O_DIRECT: the page cache from now on
      return false;
    } finally {
      if (handle != null) {
        directHandles.release(handle);
      }
    }
    if (head > 0) {
      transfer(new FileSlice(slice.fileIndex(), start, head), part.slice(0, head), true);
    }
    int tail = (int) (end - directEnd);
    if (tail > 0) {
      transfer(new FileSlice(slice.fileIndex(), directEnd, tail), part.slice(head + middle, tail), true);
    }
    return true;
  }

  /**
   * Fills {@code dst.remaining()} bytes from {@code begin} in {@code piece}. Bytes past a file's
   * current end, holes and padding files read as zeros. On return {@code dst} is full.
   *
   * @throws StorageException FILE_MISSING if a file of the block does not exist (reading a piece
   *     we don't have is a caller bug), SYMLINK_REFUSED, IO_ERROR, ...
   */
  public void readBlock(int piece, int begin, ByteBuffer dst) throws IOException {
    int position = dst.position();
    for (FileSlice slice : layout.slices(piece, begin, dst.remaining())) {
      ByteBuffer target = dst.slice(position, slice.length());
      if (paths[slice.fileIndex()] == null) {
        fillZeros(target);
      } else {
        transfer(slice, target, false);
      }
      position += slice.length();
    }
    dst.position(position);
  }

  /**
   * The {@code length} bytes at {@code begin} in {@code piece} as read-only views of the files'
   * pages (memory-mapped), in order, for a gathering socket write that the kernel serves from the
   * page cache without a copy in between. The views are made resident first (this thread waits
   * for the disk, not the network loop). Java code must not read them (see {@link MappedWindows}).
   *
   * @return the views, or null when a part cannot be mapped (a padding file, a file shorter than
   *     the layout): {@link #readBlock} then reads it as usual
   * @throws StorageException FILE_MISSING, SYMLINK_REFUSED, IO_ERROR, ...
   */
  public List<ByteBuffer> mapBlock(int piece, int begin, int length) throws IOException {
    return mappedBlocks.map(piece, begin, length);
  }

  /** The SHA-1 of {@code piece} as it is on disk now. */
  public byte[] sha1OfPiece(int piece) throws IOException {
    MessageDigest sha1 = SHA1.get();
    sha1.reset();
    ByteBuffer buffer = HASH_BUFFER.get();
    int size = layout.pieceSize(piece);
    for (int offset = 0; offset < size; offset += HASH_CHUNK) {
      buffer.clear().limit(Math.min(HASH_CHUNK, size - offset));
      readBlock(piece, offset, buffer);
      buffer.flip();
      sha1.update(buffer);
    }
    return sha1.digest();
  }

  /**
   * Verifies every piece against its expected hash, in parallel on {@code pool}; see {@link
   * #recheck(BitSet, IntFunction, ExecutorService, IntConsumer)}.
   */
  public BitSet recheck(
      IntFunction<byte[]> expectedPieceHash, ExecutorService pool, IntConsumer progress)
      throws IOException, InterruptedException {
    BitSet all = new BitSet(layout.pieceCount());
    all.set(0, layout.pieceCount());
    return recheck(all, expectedPieceHash, pool, progress);
  }

  /**
   * Verifies the {@code selected} pieces against their expected hashes, in parallel on {@code
   * pool}: one task per core, each claiming the next selected pieces in order until none are left
   * ({@link PieceCheck}). Pieces touching a file that is missing, refused (a link) or too short are
   * skipped without reading.
   *
   * @param selected the pieces to check; the others are neither read nor reported
   * @param expectedPieceHash the expected 20-byte SHA-1 of a piece; called from pool threads, once
   *     for each piece that is actually read and hashed (so callers may count hashing work with it)
   * @param progress called once per selected piece (verified, failed or skipped) with its index,
   *     from pool threads, so it must be thread-safe
   * @return the selected pieces whose data on disk matches
   * @throws InterruptedException if interrupted while waiting; outstanding work is abandoned
   */
  public BitSet recheck(
      BitSet selected,
      IntFunction<byte[]> expectedPieceHash,
      ExecutorService pool,
      IntConsumer progress)
      throws IOException, InterruptedException {
    BitSet inRange = selected.get(0, layout.pieceCount());
    PieceCheck check = new PieceCheck(
        layout, inRange, unavailablePieces(), expectedPieceHash, this::sha1OfPiece, progress);
    return check.run(pool, Math.max(1, Runtime.getRuntime().availableProcessors()));
  }

  /**
   * The size and modification time of each file now, in torrent order ({@link FileStamp#ABSENT}
   * for missing, refused and padding files). Call after {@link #flush()} when the stamps must
   * describe the data that reached the disk.
   */
  public List<FileStamp> fileStamps() {
    List<FileStamp> stamps = new ArrayList<>(paths.length);
    for (Path path : paths) {
      stamps.add(path == null ? FileStamp.ABSENT : stampOf(path));
    }
    return stamps;
  }

  private FileStamp stampOf(Path path) {
    try {
      if (!SafePaths.checkExisting(root, path)) {
        return FileStamp.ABSENT;
      }
      BasicFileAttributes attributes =
          Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return new FileStamp(attributes.size(), attributes.lastModifiedTime().toMillis());
    } catch (IOException e) {
      return FileStamp.ABSENT;
    }
  }

  /** Forces written data of every file to the device. */
  public void flush() throws IOException {
    try {
      handles.flush();
      directHandles.flush();
    } catch (IOException e) {
      throw StorageException.wrap(e, "flush"); // a full disk can surface only here (delayed allocation)
    }
  }

  /**
   * Closes every file. Does not sync: call {@link #flush()} first when durability matters.
   * Operations still running finish on their channel; later ones fail with CLOSED.
   */
  @Override
  public void close() {
    handles.close();
    directHandles.close();
  }

  /** The alignment {@link #writePiece} uses for O_DIRECT, 0 when it writes through the page cache. */
  int directAlignment() {
    return directAlignment;
  }

  /** Number of channels currently cached; for tests and metrics. */
  int openFileCount() {
    return handles.openCount();
  }

  /** Pieces that touch bytes beyond the current end of a missing, refused or short file. */
  private BitSet unavailablePieces() {
    BitSet unavailable = new BitSet(layout.pieceCount());
    for (int i = 0; i < paths.length; i++) {
      long length = layout.fileLength(i);
      if (paths[i] == null || length == 0) {
        continue;
      }
      long size = existingSize(paths[i]);
      if (size < length) {
        int first = layout.pieceAt(layout.fileOffset(i) + Math.max(0, size));
        int last = layout.piecesOfFile(i)[1];
        unavailable.set(first, last + 1);
      }
    }
    return unavailable;
  }

  /** The file's size, or -1 if it is missing or refused. */
  private long existingSize(Path path) {
    try {
      if (!SafePaths.checkExisting(root, path)) {
        return -1;
      }
      return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
          .size();
    } catch (IOException e) {
      return -1;
    }
  }

  private void transfer(FileSlice slice, ByteBuffer buffer, boolean write) throws IOException {
    for (int attempt = 1; ; attempt++) {
      FileHandlePool.Handle handle = handles.acquire(slice.fileIndex(), write);
      try {
        if (write) {
          handle.dirty = true;
          writeFully(handle.channel, buffer.duplicate(), slice.fileOffset());
          // Again: a flush running during the write may have cleared the flag and forced before
          // our bytes arrived; the next flush must force them (resume snapshots rely on it).
          handle.dirty = true;
        } else {
          readFully(handle.channel, buffer.duplicate(), slice.fileOffset());
        }
        return;
      } catch (ClosedByInterruptException e) {
        throw e;
      } catch (ClosedChannelException e) {
        // Another thread's interrupt closed the shared channel; acquire() reopens it.
        if (attempt >= CLOSED_CHANNEL_RETRIES) {
          throw StorageException.wrap(e, describe(slice));
        }
      } catch (IOException e) {
        throw StorageException.wrap(e, describe(slice));
      } finally {
        handles.release(handle);
      }
    }
  }

  private static void writeFully(FileChannel channel, ByteBuffer data, long position)
      throws IOException {
    long at = position;
    while (data.hasRemaining()) {
      at += channel.write(data, at);
    }
  }

  private static void readFully(FileChannel channel, ByteBuffer dst, long position)
      throws IOException {
    long at = position;
    while (dst.hasRemaining()) {
      int n = channel.read(dst, at);
      if (n < 0) {
        fillZeros(dst);
        return;
      }
      at += n;
    }
  }

  private static void fillZeros(ByteBuffer dst) {
    while (dst.hasRemaining()) {
      dst.put((byte) 0);
    }
  }

  /** The pool's opener: checks the path, creates parents if writing, refuses links. */
  private FileChannel openFile(int fileIndex, boolean create, boolean direct) throws IOException {
    Path path = paths[fileIndex];
    if (create) {
      SafePaths.createParentDirectories(root, path);
    }
    if (!SafePaths.checkExisting(root, path) && !create) {
      throw new StorageException(StorageError.FILE_MISSING, path + " does not exist");
    }
    Set<OpenOption> options = new HashSet<>(List.of(StandardOpenOption.READ, StandardOpenOption.WRITE,
        LinkOption.NOFOLLOW_LINKS));
    if (create) {
      options.add(StandardOpenOption.CREATE);
    }
    if (direct) {
      options.add(ExtendedOpenOption.DIRECT);
    }
    FileChannel channel;
    try {
      channel = FileChannel.open(path, options);
    } catch (NoSuchFileException e) {
      throw new StorageException(StorageError.FILE_MISSING, path + " does not exist", e);
    } catch (IOException e) {
      throw refusedOrWrapped(path, e);
    }
    try {
      // Narrows the check-then-open race: refuse if a component was swapped meanwhile.
      SafePaths.checkExisting(root, path);
    } catch (StorageException e) {
      channel.close();
      throw e;
    }
    return channel;
  }

  private void createEmptyFile(Path path) throws StorageException {
    SafePaths.createParentDirectories(root, path);
    if (SafePaths.checkExisting(root, path)) {
      return;
    }
    try {
      Files.newByteChannel(
              path,
              StandardOpenOption.CREATE_NEW,
              StandardOpenOption.WRITE,
              LinkOption.NOFOLLOW_LINKS)
          .close();
    } catch (FileAlreadyExistsException e) {
      SafePaths.checkExisting(root, path);
    } catch (IOException e) {
      throw refusedOrWrapped(path, e);
    }
  }

  private static StorageException refusedOrWrapped(Path path, IOException e) {
    if (Files.isSymbolicLink(path)) {
      return new StorageException(
          StorageError.SYMLINK_REFUSED, path + " is a symbolic link; links are not followed", e);
    }
    return StorageException.wrap(e, "cannot open " + path);
  }

  private String describe(FileSlice slice) {
    return "file " + paths[slice.fileIndex()] + " at " + slice.fileOffset();
  }

  private static MessageDigest newSha1() {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides SHA-1", e);
    }
  }
}
