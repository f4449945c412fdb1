package io.seedfleet.bench;

import io.seedfleet.engine.wire.DecodeResult;
import io.seedfleet.engine.wire.PeerMessage;
import io.seedfleet.engine.wire.WireDecoder;
import io.seedfleet.engine.wire.WireEncoder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The incremental peer-wire decoder over what a downloading connection receives: 16 KiB PIECE
 * blocks interleaved with HAVEs and the peer's own REQUESTs (about 4 MiB, 1,028 messages). The
 * stream sits in a direct buffer, as the network loop's read buffer does. One operation hands the
 * decoder the next {@code readSize} bytes, as one socket read does, wrapping around at the end of
 * the stream; reads that end mid-frame exercise the carry path.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class WireDecodeBenchmark {
  /** 64 KiB: a typical loopback read; 1 MiB: the network loop's whole read buffer. */
  @Param({"65536", "1048576"})
  public int readSize;

  static final int BLOCKS = 256;
  static final int MESSAGES = BLOCKS * 4 + BLOCKS / 64;

  private ByteBuffer stream;
  private ByteBuffer view;
  private int readAt;
  private final WireDecoder decoder = new WireDecoder();
  private final List<PeerMessage> out = new ArrayList<>();

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(6);
    List<PeerMessage> messages = mixedDownloadTraffic(random);
    int length = messages.stream().mapToInt(WireEncoder::encodedLength).sum();
    stream = ByteBuffer.allocateDirect(length);
    for (PeerMessage m : messages) {
      WireEncoder.encode(m, stream);
    }
    stream.flip();
    view = stream.duplicate();
    int decoded = 0;
    do {
      decoded += decodeRead(new WireCounters());
    } while (readAt != 0);
    if (decoded != MESSAGES || messages.size() != MESSAGES || decoder.hasPartialFrame()) {
      throw new IllegalStateException("the stream does not decode back to " + MESSAGES + " messages");
    }
  }

  int streamLength() {
    return stream.limit();
  }

  /** Per block received: two HAVEs and one REQUEST from the peer, as in a busy swarm. */
  static List<PeerMessage> mixedDownloadTraffic(SplittableRandom random) {
    byte[] payload = new byte[16 * 1024];
    random.nextBytes(payload);
    List<PeerMessage> messages = new ArrayList<>();
    for (int i = 0; i < BLOCKS; i++) {
      int piece = random.nextInt(100_000);
      messages.add(new PeerMessage.Piece(piece, (i % 16) * 16384, ByteBuffer.wrap(payload)));
      messages.add(new PeerMessage.Have(random.nextInt(100_000)));
      messages.add(new PeerMessage.Have(random.nextInt(100_000)));
      messages.add(new PeerMessage.Request(random.nextInt(100_000), (i % 16) * 16384, 16384));
      if (i % 64 == 0) {
        messages.add(PeerMessage.KeepAlive.INSTANCE);
      }
    }
    return messages;
  }

  /** Decodes the next read; returns the number of messages it completed. */
  @Benchmark
  public int decodeRead(WireCounters counters) {
    int total = stream.limit();
    int end = Math.min(total, readAt + readSize);
    view.limit(end).position(readAt);
    counters.bytes += end - readAt;
    readAt = end == total ? 0 : end;
    if (decoder.decode(view, out) != DecodeResult.OK) {
      throw new IllegalStateException("decode failed");
    }
    int n = out.size();
    out.clear();
    counters.messages += n;
    return n;
  }
}
