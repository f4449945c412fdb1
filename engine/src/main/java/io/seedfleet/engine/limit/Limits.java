package io.seedfleet.engine.limit;

/**
 * Transfer limits of one scope, the node or a torrent.
 *
 * @param uploadRate piece payload bytes per second we send; 0 = unlimited
 * @param downloadRate bytes per second we read from peer sockets; 0 = unlimited
 * @param maxConnections open peer connections, both directions; at least 1
 */
public record Limits(long uploadRate, long downloadRate, int maxConnections) {
  public Limits {
    if (uploadRate < 0 || downloadRate < 0) {
      throw new IllegalArgumentException("rates must be >= 0 (0 = unlimited), were " + uploadRate + " and " + downloadRate);
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be >= 1, was " + maxConnections);
    }
  }

  /** No rate limit, at most {@code maxConnections} connections. */
  public static Limits unlimitedRates(int maxConnections) {
    return new Limits(0, 0, maxConnections);
  }
}
