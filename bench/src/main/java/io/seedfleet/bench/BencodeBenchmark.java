package io.seedfleet.bench;

import io.seedfleet.engine.bencode.BDict;
import io.seedfleet.engine.bencode.BValue;
import io.seedfleet.engine.bencode.Bencode;
import io.seedfleet.engine.bencode.BencodeException;
import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.engine.metainfo.MetainfoException;
import io.seedfleet.engine.tracker.AnnounceResponse;
import io.seedfleet.engine.tracker.HttpAnnounce;
import io.seedfleet.engine.tracker.TrackerException;
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
 * Decoding bencode: a ~1 MB multi-file .torrent (45k piece hashes, 1,000 files) and a small
 * tracker reply; plus the full metainfo parse and the announce parse built on top, to show what
 * validation costs beyond the decoder.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BencodeBenchmark {
  byte[] torrent;
  byte[] trackerReply;

  @Setup
  public void setUp() throws BencodeException {
    SplittableRandom random = new SplittableRandom(6);
    torrent = Fixtures.multiFileTorrent(1_000, 12_000_000L, random);
    trackerReply = Fixtures.compactTrackerReply(50, random);
    if (!(Bencode.decode(torrent) instanceof BDict) || !(Bencode.decode(trackerReply) instanceof BDict)) {
      throw new IllegalStateException("fixtures do not decode to dictionaries");
    }
  }

  @Benchmark
  public BValue decodeTorrent(ByteCounter counter) throws BencodeException {
    counter.bytes += torrent.length;
    return Bencode.decode(torrent);
  }

  @Benchmark
  public Metainfo parseMetainfo(ByteCounter counter) throws MetainfoException {
    counter.bytes += torrent.length;
    return Metainfo.parse(torrent);
  }

  @Benchmark
  public BValue decodeTrackerReply(ByteCounter counter) throws BencodeException {
    counter.bytes += trackerReply.length;
    return Bencode.decode(trackerReply);
  }

  @Benchmark
  public AnnounceResponse parseAnnounceReply(ByteCounter counter) throws TrackerException {
    counter.bytes += trackerReply.length;
    return HttpAnnounce.parse(trackerReply, 200);
  }
}
