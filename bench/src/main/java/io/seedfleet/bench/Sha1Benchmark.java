package io.seedfleet.bench;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * SHA-1 of one piece on one thread with the JDK's {@link MessageDigest}, the way the engine calls
 * it: over a heap array (the download path, {@code torrent.Sha1}), and over a direct buffer in
 * 256 KiB steps (the recheck path, {@code TorrentStorage.sha1OfPiece}, here without the file
 * reads). The {@code NoIntrinsic} variant runs in a JVM with HotSpot's SHA-1 intrinsic switched off,
 * to show what the SHA instructions are worth on this CPU.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Sha1Benchmark {
  static final int HASH_CHUNK = 256 * 1024;

  @Param({"1048576", "4194304"})
  public int pieceSize;

  private byte[] piece;
  private ByteBuffer direct;
  private MessageDigest sha1;

  @Setup
  public void setUp() throws NoSuchAlgorithmException {
    piece = new byte[pieceSize];
    new SplittableRandom(6).nextBytes(piece);
    direct = ByteBuffer.allocateDirect(pieceSize).put(piece).flip();
    sha1 = MessageDigest.getInstance("SHA-1");
  }

  @Benchmark
  public byte[] heapArray(ByteCounter counter) {
    counter.bytes += pieceSize;
    sha1.reset();
    sha1.update(piece, 0, pieceSize);
    return sha1.digest();
  }

  @Benchmark
  public byte[] directBuffer(ByteCounter counter) {
    counter.bytes += pieceSize;
    sha1.reset();
    ByteBuffer view = direct.duplicate();
    for (int offset = 0; offset < pieceSize; offset += HASH_CHUNK) {
      view.limit(Math.min(pieceSize, offset + HASH_CHUNK)).position(offset);
      sha1.update(view);
    }
    return sha1.digest();
  }

  @Benchmark
  @Fork(jvmArgsAppend = {"-XX:+UnlockDiagnosticVMOptions", "-XX:-UseSHA1Intrinsics"})
  public byte[] heapArrayNoIntrinsic(ByteCounter counter) {
    return heapArray(counter);
  }
}
