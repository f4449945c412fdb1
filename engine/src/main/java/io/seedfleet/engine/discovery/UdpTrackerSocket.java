package io.seedfleet.engine.discovery;

import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.tracker.AnnounceRequest;
import io.seedfleet.engine.tracker.AnnounceResponse;
import io.seedfleet.engine.tracker.ScrapeStats;
import io.seedfleet.engine.tracker.TrackerConfig;
import io.seedfleet.engine.tracker.TrackerException;
import io.seedfleet.engine.tracker.UdpReply;
import io.seedfleet.engine.tracker.UdpTrackerCodec;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * One UDP socket shared by every torrent of an engine for BEP 15 trackers. A reader thread matches
 * replies to pending transactions by transaction id and sender; anything else is dropped. Connection
 * ids are cached per tracker address for the 60 s BEP 15 allows. Retransmission follows BEP 15:
 * attempt n waits {@code udpRetryBase * 2^n}.
 */
final class UdpTrackerSocket implements AutoCloseable {
  private static final long CONNECTION_ID_LIFETIME_NANOS = TimeUnit.SECONDS.toNanos(60);
  private static final int MAX_DATAGRAM = 65_536;

  private record Pending(InetSocketAddress tracker, CompletableFuture<UdpReply> reply) {}

  private record ConnectionId(long id, long expiresNanos) {}

  private final TrackerConfig config;
  private final DatagramChannel channel;
  private final ScheduledExecutorService timer;
  private final Map<Integer, Pending> pending = new ConcurrentHashMap<>();
  private final Map<InetSocketAddress, ConnectionId> connectionIds = new ConcurrentHashMap<>();
  private final Random random = new SecureRandom();

  UdpTrackerSocket(TrackerConfig config) throws IOException {
    this.config = config;
    this.channel = DatagramChannel.open();
    channel.bind(null);
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("udp-tracker-timer").unstarted(r));
    Thread.ofPlatform().daemon().name("udp-tracker-reader").start(this::readLoop);
  }

  int localPort() throws IOException {
    return ((InetSocketAddress) channel.getLocalAddress()).getPort();
  }

  /** Announces to {@code tracker} (a resolved address) with up to {@code maxRetries} retransmissions. */
  CompletableFuture<AnnounceResponse> announce(InetSocketAddress tracker, AnnounceRequest request, int maxRetries) {
    return connectionId(tracker, maxRetries)
        .thenCompose(id -> transact(tracker, tid -> UdpTrackerCodec.announce(id, tid, request), maxRetries,
            UdpReply.Announced.class))
        .thenApply(UdpReply.Announced::toResponse)
        .whenComplete((r, e) -> {
          if (e != null) {
            connectionIds.remove(tracker); // a stale connection id is a common cause; get a fresh one next time
          }
        });
  }

  /**
   * Scrapes {@code infoHashes} (1..{@link UdpTrackerCodec#MAX_SCRAPE_HASHES}) at {@code tracker}.
   * The reply lists counts in the order asked; hashes the tracker left off are absent from the map.
   */
  CompletableFuture<Map<InfoHash, ScrapeStats>> scrape(InetSocketAddress tracker, List<InfoHash> infoHashes,
      int maxRetries) {
    List<InfoHash> asked = List.copyOf(infoHashes);
    if (asked.isEmpty() || asked.size() > UdpTrackerCodec.MAX_SCRAPE_HASHES) {
      return CompletableFuture.failedFuture(new TrackerException(
          "a UDP scrape asks about 1.." + UdpTrackerCodec.MAX_SCRAPE_HASHES + " torrents, not " + asked.size(), true));
    }
    return connectionId(tracker, maxRetries)
        .thenCompose(id -> transact(tracker, tid -> UdpTrackerCodec.scrape(id, tid, asked), maxRetries,
            UdpReply.Scraped.class))
        .thenApply(scraped -> {
          Map<InfoHash, ScrapeStats> stats = new LinkedHashMap<>();
          for (int i = 0; i < Math.min(asked.size(), scraped.stats().size()); i++) {
            stats.put(asked.get(i), scraped.stats().get(i));
          }
          return stats;
        })
        .whenComplete((r, e) -> {
          if (e != null) {
            connectionIds.remove(tracker); // as for announce: a stale connection id is the usual suspect
          }
        });
  }

  private CompletableFuture<Long> connectionId(InetSocketAddress tracker, int maxRetries) {
    ConnectionId cached = connectionIds.get(tracker);
    if (cached != null && System.nanoTime() - cached.expiresNanos() < 0) {
      return CompletableFuture.completedFuture(cached.id());
    }
    return transact(tracker, UdpTrackerCodec::connect, maxRetries, UdpReply.Connected.class).thenApply(c -> {
      connectionIds.put(tracker, new ConnectionId(c.connectionId(), System.nanoTime() + CONNECTION_ID_LIFETIME_NANOS));
      return c.connectionId();
    });
  }

  private <T extends UdpReply> CompletableFuture<T> transact(InetSocketAddress tracker, IntFunction<byte[]> packet,
      int maxRetries, Class<T> expected) {
    CompletableFuture<UdpReply> reply = new CompletableFuture<>();
    int tid;
    do {
      tid = random.nextInt();
    } while (pending.putIfAbsent(tid, new Pending(tracker, reply)) != null);
    int transactionId = tid;
    reply.whenComplete((r, e) -> pending.remove(transactionId));
    attempt(tracker, packet.apply(transactionId), 0, maxRetries, reply);
    return reply.thenApply(r -> {
      try {
        return UdpTrackerCodec.expect(r, transactionId, expected);
      } catch (TrackerException e) {
        throw new CompletionException(e);
      }
    });
  }

  private void attempt(InetSocketAddress tracker, byte[] packet, int n, int maxRetries, CompletableFuture<UdpReply> reply) {
    if (reply.isDone()) {
      return;
    }
    try {
      channel.send(ByteBuffer.wrap(packet), tracker);
    } catch (IOException e) {
      reply.completeExceptionally(new TrackerException("cannot send to UDP tracker " + tracker + ": " + e.getMessage()));
      return;
    }
    long waitMillis = config.udpRetryBase().toMillis() << n;
    timer.schedule(() -> {
      if (reply.isDone()) {
        return;
      }
      if (n < maxRetries) {
        attempt(tracker, packet, n + 1, maxRetries, reply);
      } else {
        reply.completeExceptionally(new TrackerException("UDP tracker " + tracker + " did not answer after "
            + (n + 1) + " attempts"));
      }
    }, waitMillis, TimeUnit.MILLISECONDS);
  }

  private void readLoop() {
    ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM);
    while (channel.isOpen()) {
      try {
        buffer.clear();
        SocketAddress from = channel.receive(buffer);
        if (buffer.position() >= 8) {
          dispatch(buffer.array(), buffer.position(), from);
        }
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        // An ICMP error surfaces here on some systems; the affected transaction times out on its own.
      }
    }
  }

  private void dispatch(byte[] packet, int length, SocketAddress from) {
    int tid = ByteBuffer.wrap(packet, 4, 4).getInt();
    Pending p = pending.get(tid);
    if (p == null || !p.tracker().equals(from)) {
      return; // unknown transaction or a stranger guessing ids
    }
    try {
      boolean ipv6 = p.tracker().getAddress() instanceof Inet6Address;
      p.reply().complete(UdpTrackerCodec.decode(packet, length, ipv6, config.maxPeersPerReply()));
    } catch (TrackerException e) {
      p.reply().completeExceptionally(e);
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    timer.shutdownNow();
    pending.values().forEach(p -> p.reply().completeExceptionally(new TrackerException("UDP tracker socket closed")));
  }
}
