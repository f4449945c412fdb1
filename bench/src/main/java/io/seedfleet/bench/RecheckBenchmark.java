package io.seedfleet.bench;

import io.seedfleet.engine.metainfo.FileEntry;
import io.seedfleet.engine.storage.PieceLayout;
import io.seedfleet.engine.storage.TorrentStorage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The storage's parallel recheck ({@link TorrentStorage#recheck}) of a 256 MiB, 4-file torrent
 * kept in tmpfs ({@code /dev/shm} where it exists), so that the reads are copies from memory and
 * the figure is hashing plus the FileChannel path, not the disk. {@code hashThreads} is the hash
 * pool's size: 1, or one per core as the engine's pool has.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RecheckBenchmark {
  static final long TOTAL = 256L << 20;
  static final int FILES = 4;

  @Param({"1048576", "4194304"})
  public int pieceLength;

  @Param({"1", "cores"})
  public String hashThreads;

  private Path root;
  private TorrentStorage storage;
  private byte[][] expected;
  private ExecutorService pool;

  @Setup
  public void setUp() throws IOException, InterruptedException, NoSuchAlgorithmException {
    Path shm = Paths.get("/dev/shm");
    Path parent = Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Paths.get(System.getProperty("java.io.tmpdir"));
    root = Files.createTempDirectory(parent, "seedfleet-bench-recheck");
    List<FileEntry> files = new ArrayList<>();
    for (int i = 0; i < FILES; i++) {
      files.add(new FileEntry(List.of("file-" + i + ".bin"), TOTAL / FILES, i * (TOTAL / FILES), false));
    }
    storage = TorrentStorage.open(root, new PieceLayout(files, pieceLength, TOTAL));
    int pieces = storage.layout().pieceCount();
    expected = new byte[pieces][];
    byte[] data = new byte[pieceLength];
    SplittableRandom random = new SplittableRandom(6);
    MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
    for (int piece = 0; piece < pieces; piece++) {
      random.nextBytes(data);
      int size = storage.layout().pieceSize(piece);
      storage.writeBlock(piece, 0, ByteBuffer.wrap(data, 0, size));
      sha1.update(data, 0, size);
      expected[piece] = sha1.digest();
    }
    int threads = hashThreads.equals("cores") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(hashThreads);
    pool = Executors.newFixedThreadPool(threads);
    if (recheck().cardinality() != pieces) {
      throw new IllegalStateException("the recheck did not verify every piece");
    }
  }

  @TearDown
  public void tearDown() throws IOException {
    pool.shutdownNow();
    storage.close();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Benchmark
  public int recheckAll(ByteCounter counter) throws IOException, InterruptedException {
    counter.bytes += TOTAL;
    return recheck().cardinality();
  }

  private BitSet recheck() throws IOException, InterruptedException {
    return storage.recheck(piece -> expected[piece], pool, piece -> {});
  }
}
