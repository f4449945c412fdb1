package io.seedfleet.engine.tracker;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * A successful announce reply.
 *
 * @param interval as sent by the tracker, not yet clamped (see {@link TrackerConfig#clampInterval})
 * @param minInterval null when the tracker sent none
 * @param trackerId null when the tracker sent none; echo it in later announces
 * @param seeders {@code complete}, or -1 when not sent
 * @param leechers {@code incomplete}, or -1 when not sent
 * @param warning null, or the tracker's {@code warning message}
 */
public record AnnounceResponse(
    Duration interval,
    Duration minInterval,
    String trackerId,
    int seeders,
    int leechers,
    List<InetSocketAddress> peers,
    String warning) {

  public AnnounceResponse {
    peers = List.copyOf(peers);
  }
}
