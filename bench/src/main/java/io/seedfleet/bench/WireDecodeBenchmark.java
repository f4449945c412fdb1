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
 * blocks interleaved with HAVEs and the peer's own REQUESTs (about 4 MiB, 1,280 messages). The
 * stream sits in a direct buffer, as the network loop's read buffer does, and is handed to the
 * decoder in {@code readSize} chunks; chunks that end mid-frame exercise the carry path.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class WireDecodeBenchmark {
  /** 64 KiB: a typical loopback read; 1 MiB: the network loop's whole read buffer. */
  @Param({"65536", "1048576"})
  public int readSize;

  private ByteBuffer stream;
  private int messageCount;
  private final WireDecoder decoder = new WireDecoder();
  private final List<PeerMessage> out = new ArrayList<>();

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(6);
    List<PeerMessage> messages = mixedDownloadTraffic(256, random);
    int length = messages.stream().mapToInt(WireEncoder::encodedLength).sum();
    stream = ByteBuffer.allocateDirect(length);
    for (PeerMessage m : messages) {
      WireEncoder.encode(m, stream);
    }
    stream.flip();
    messageCount = messages.size();
    if (decodeStream() != messageCount || decoder.hasPartialFrame()) {
      throw new IllegalStateException("the stream does not decode back to " + messageCount);
    }
  }

  /** Per block received: about two HAVEs and one REQUEST from the peer, as in a busy swarm. */
  static List<PeerMessage> mixedDownloadTraffic(int blocks, SplittableRandom random) {
    byte[] payload = new byte[16 * 1024];
    random.nextBytes(payload);
    List<PeerMessage> messages = new ArrayList<>();
    for (int i = 0; i < blocks; i++) {
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

  /** Decodes the whole stream; returns the number of messages (and checks there was no error). */
  @Benchmark
  public int decode(WireCounters counters) {
    int n = decodeStream();
    counters.messages += n;
    counters.bytes += stream.limit();
    return n;
  }

  private int decodeStream() {
    ByteBuffer view = stream.duplicate();
    int total = stream.limit();
    int decoded = 0;
    for (int at = 0; at < total; at += readSize) {
      view.limit(Math.min(total, at + readSize)).position(at);
      if (decoder.decode(view, out) != DecodeResult.OK) {
        throw new IllegalStateException("decode failed");
      }
      decoded += out.size();
      out.clear();
    }
    return decoded;
  }
}
