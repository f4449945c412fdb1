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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * whose files are in the page cache, against bare SHA-1 of the same number of bytes on the same
 * pool: the ratio of the two, per CPU-second, is what the recheck's reading costs.
 *
 * <ul>
 *   <li>{@code recheckAll}: the files in tmpfs ({@code dir=shm}, {@code /dev/shm}) or on the disk
 *       ({@code dir=disk}, {@code java.io.tmpdir}; written and synced in the set-up, so the page
 *       cache is warm and no writeback runs during the measurement).
 *   <li>{@code sha1Only}: the same pieces' worth of bytes hashed from one heap array of a piece
 *       (the per-core ceiling, as {@code Sha1Benchmark.heapArray}), handed out piece by piece to
 *       the same pool.
 * </ul>
 *
 * {@code hashThreads} is the pool's size: 1, or one per core as the engine's hash pool has.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RecheckBenchmark {
  static final long TOTAL = 256L << 20;
  static final int FILES = 4;

  /** The pool and the piece size, shared by both benchmarks. */
  @State(Scope.Benchmark)
  public static class Pool {
    @Param({"1048576", "4194304"})
    public int pieceLength;

    @Param({"1", "cores"})
    public String hashThreads;

    ExecutorService executor;
    int threads;
    byte[] piece;

    @Setup
    public void setUp() {
      threads = hashThreads.equals("cores")
          ? Runtime.getRuntime().availableProcessors()
          : Integer.parseInt(hashThreads);
      executor = Executors.newFixedThreadPool(threads);
      piece = new byte[pieceLength];
      new SplittableRandom(6).nextBytes(piece);
    }

    @TearDown
    public void tearDown() {
      executor.shutdownNow();
    }
  }

  /** The torrent's files, written once per trial. */
  @State(Scope.Benchmark)
  public static class TorrentFiles {
    @Param({"shm", "disk"})
    public String dir;

    Path root;
    TorrentStorage storage;
    byte[][] expected;

    @Setup
    public void setUp(Pool pool) throws IOException, InterruptedException, NoSuchAlgorithmException {
      Path shm = Paths.get("/dev/shm");
      Path parent = dir.equals("shm") && Files.isDirectory(shm) && Files.isWritable(shm)
          ? shm
          : Paths.get(System.getProperty("java.io.tmpdir"));
      root = Files.createTempDirectory(parent, "seedfleet-bench-recheck");
      List<FileEntry> files = new ArrayList<>();
      for (int i = 0; i < FILES; i++) {
        files.add(new FileEntry(List.of("file-" + i + ".bin"), TOTAL / FILES, i * (TOTAL / FILES), false));
      }
      storage = TorrentStorage.open(root, new PieceLayout(files, pool.pieceLength, TOTAL));
      int pieces = storage.layout().pieceCount();
      expected = new byte[pieces][];
      byte[] data = new byte[pool.pieceLength];
      SplittableRandom random = new SplittableRandom(6);
      MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
      for (int piece = 0; piece < pieces; piece++) {
        random.nextBytes(data);
        int size = storage.layout().pieceSize(piece);
        storage.writeBlock(piece, 0, ByteBuffer.wrap(data, 0, size));
        sha1.update(data, 0, size);
        expected[piece] = sha1.digest();
      }
      storage.flush(); // no writeback of these pages during the measurement
      if (recheck(pool).cardinality() != pieces) {
        throw new IllegalStateException("the recheck did not verify every piece");
      }
    }

    BitSet recheck(Pool pool) throws IOException, InterruptedException {
      return storage.recheck(piece -> expected[piece], pool.executor, piece -> {});
    }

    @TearDown
    public void tearDown() throws IOException {
      storage.close();
      try (Stream<Path> paths = Files.walk(root)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  @Benchmark
  public int recheckAll(Pool pool, TorrentFiles files, ByteCounter counter) throws IOException, InterruptedException {
    counter.bytes += TOTAL;
    return files.recheck(pool).cardinality();
  }

  @Benchmark
  public int sha1Only(Pool pool, ByteCounter counter) throws InterruptedException, ExecutionException {
    counter.bytes += TOTAL;
    int pieces = (int) (TOTAL / pool.pieceLength);
    AtomicInteger next = new AtomicInteger();
    List<Future<Integer>> tasks = new ArrayList<>();
    for (int t = 0; t < pool.threads; t++) {
      tasks.add(pool.executor.submit(() -> {
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        int hashed = 0;
        while (next.getAndIncrement() < pieces) {
          sha1.update(pool.piece, 0, pool.pieceLength);
          hashed += sha1.digest()[0] & 1; // keeps the digest alive
        }
        return hashed;
      }));
    }
    int sum = 0;
    for (Future<Integer> task : tasks) {
      sum += task.get();
    }
    return sum;
  }
}
