package io.seedfleet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedfleet.engine.metainfo.Metainfo;
import org.junit.jupiter.api.Test;

/**
 * The benchmarks measure the engine's success paths: these checks keep their generated inputs
 * valid (and of the intended size) when the engine's rules change. Each benchmark's own setup also
 * verifies its state; here one operation of each runs once.
 */
class BenchmarkInputsTest {
  @Test
  void theTorrentIsAValidOneMegabyteMultiFileTorrent() throws Exception {
    BencodeBenchmark bench = new BencodeBenchmark();
    bench.setUp();
    assertThat(bench.torrent.length).isBetween(900_000, 1_200_000);
    Metainfo metainfo = bench.parseMetainfo(new ByteCounter());
    assertThat(metainfo.files()).hasSize(1_000);
    assertThat(bench.parseAnnounceReply(new ByteCounter()).peers()).hasSize(50);
  }

  @Test
  void theWireStreamDecodesToEveryMessageAtEachReadSize() {
    for (int readSize : new int[] {65536, 1048576}) {
      WireDecodeBenchmark bench = new WireDecodeBenchmark();
      bench.readSize = readSize;
      bench.setUp();
      WireCounters counters = new WireCounters();
      while (counters.bytes < bench.streamLength()) {
        bench.decodeRead(counters);
      }
      assertThat(counters.bytes).isEqualTo(bench.streamLength()).isGreaterThan(4L << 20);
      assertThat(counters.messages).isEqualTo(WireDecodeBenchmark.MESSAGES);
    }
  }

  @Test
  void encodersFillTheirBuffers() {
    WireEncodeBenchmark bench = new WireEncodeBenchmark();
    bench.setUp();
    WireCounters counters = new WireCounters();
    bench.encodeRequests(counters);
    bench.encodeHaves(counters);
    bench.encodePieceHeaders(counters);
    assertThat(counters.messages).isEqualTo(3L * WireEncodeBenchmark.BATCH);
    assertThat(counters.bytes).isEqualTo((17L + 9 + 13) * WireEncodeBenchmark.BATCH);
  }

  @Test
  void thePickerHandsOutBlocksInTheLargeSwarm() {
    PiecePickerBenchmark bench = new PiecePickerBenchmark();
    bench.blocksPerPiece = 2;
    bench.setUp();
    int picked = 0;
    for (int i = 0; i < PiecePickerBenchmark.PEERS; i++) {
      picked += bench.pickAndAbort();
    }
    assertThat(picked).isGreaterThan(PiecePickerBenchmark.PEERS * 8);
    assertThat(bench.peerBitfieldAndLeave()).isPositive();
  }
}
