package io.seedfleet.bench;

import io.seedfleet.engine.wire.PeerMessage;
import io.seedfleet.engine.wire.WireEncoder;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Encoding outgoing peer messages, {@value #BATCH} per operation (the {@code :messages} counter
 * gives messages per second): REQUESTs and HAVEs into one reused buffer (the codec alone) and
 * each into its own exactly-sized buffer (what the connection actor does for every message), and
 * PIECE headers as the upload path writes them, in front of 16 KiB blocks read from disk.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class WireEncodeBenchmark {
  static final int BATCH = 1024;

  private PeerMessage.Request[] requests;
  private PeerMessage.Have[] haves;
  private ByteBuffer out;

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(6);
    requests = new PeerMessage.Request[BATCH];
    haves = new PeerMessage.Have[BATCH];
    for (int i = 0; i < BATCH; i++) {
      requests[i] = new PeerMessage.Request(random.nextInt(100_000), (i % 16) * 16384, 16384);
      haves[i] = new PeerMessage.Have(random.nextInt(100_000));
    }
    out = ByteBuffer.allocate(BATCH * 17);
  }

  @Benchmark
  public int encodeRequests(WireCounters counters) {
    out.clear();
    for (PeerMessage.Request r : requests) {
      WireEncoder.encode(r, out);
    }
    return count(counters, out.position());
  }

  @Benchmark
  public int encodeHaves(WireCounters counters) {
    out.clear();
    for (PeerMessage.Have h : haves) {
      WireEncoder.encode(h, out);
    }
    return count(counters, out.position());
  }

  /** Each REQUEST in its own exactly-sized heap buffer, as {@code Frames.encode} does. */
  @Benchmark
  public int encodeRequestsFramed(WireCounters counters) {
    int sum = 0;
    for (PeerMessage.Request r : requests) {
      ByteBuffer frame = ByteBuffer.allocate(WireEncoder.encodedLength(r));
      WireEncoder.encode(r, frame);
      sum += frame.get(16);
    }
    counters.messages += BATCH;
    counters.bytes += BATCH * 17L;
    return sum;
  }

  @Benchmark
  public int encodePieceHeaders(WireCounters counters) {
    out.clear();
    for (PeerMessage.Request r : requests) {
      WireEncoder.encodePieceHeader(r.piece(), r.begin(), r.length(), out);
    }
    return count(counters, out.position());
  }

  private int count(WireCounters counters, int bytes) {
    counters.messages += BATCH;
    counters.bytes += bytes;
    return out.get(bytes - 1);
  }
}
