package io.seedfleet.bench.loadgen;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the fake peers saw, all threads together. Totals only grow; the gauges (open, pending,
 * active, unchoked) are each loop's own counts, summed when a status line is printed.
 */
final class LoadCounters {
  final LongAdder connectsStarted = new LongAdder();
  final LongAdder connected = new LongAdder();
  final LongAdder connectFailed = new LongAdder();
  final LongAdder handshaken = new LongAdder();
  final LongAdder closedByNode = new LongAdder();
  final LongAdder badHandshakes = new LongAdder();
  final LongAdder requests = new LongAdder();
  final LongAdder blocks = new LongAdder();
  final LongAdder rejects = new LongAdder();
  final LongAdder unchokes = new LongAdder();

  /** One line of {@code key=value} pairs, the format the benchmark driver parses. */
  String statusLine(double seconds, int target, List<FakePeerLoop> loops) {
    int open = 0;
    int pending = 0;
    int active = 0;
    int unchoked = 0;
    for (FakePeerLoop loop : loops) {
      open += loop.openCount();
      pending += loop.pendingCount();
      active += loop.activeCount();
      unchoked += loop.unchokedCount();
    }
    return String.format(Locale.ROOT,
        "status t=%.1f target=%d open=%d pending=%d active=%d unchoked=%d connects=%d connected=%d handshaken=%d"
            + " connect_failed=%d closed_by_node=%d bad_handshakes=%d requests=%d blocks=%d rejects=%d unchokes=%d",
        seconds, target, open, pending, active, unchoked, connectsStarted.sum(), connected.sum(), handshaken.sum(),
        connectFailed.sum(), closedByNode.sum(), badHandshakes.sum(), requests.sum(), blocks.sum(), rejects.sum(),
        unchokes.sum());
  }
}
