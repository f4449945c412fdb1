package io.seedfleet.engine.tracker;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/** A decoded UDP tracker packet (BEP 15), by action. */
public sealed interface UdpReply {
  int transactionId();

  record Connected(int transactionId, long connectionId) implements UdpReply {}

  record Announced(int transactionId, Duration interval, int leechers, int seeders, List<InetSocketAddress> peers)
      implements UdpReply {
    public Announced {
      peers = List.copyOf(peers);
    }

    public AnnounceResponse toResponse() {
      return new AnnounceResponse(interval, null, null, seeders, leechers, peers, null);
    }
  }

  /** Counts in the order the info-hashes were asked. */
  record Scraped(int transactionId, List<ScrapeStats> stats) implements UdpReply {
    public Scraped {
      stats = List.copyOf(stats);
    }
  }

  record Error(int transactionId, String message) implements UdpReply {}
}
