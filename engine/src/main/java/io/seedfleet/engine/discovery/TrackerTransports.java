package io.seedfleet.engine.discovery;

import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.tracker.AnnounceRequest;
import io.seedfleet.engine.tracker.AnnounceResponse;
import io.seedfleet.engine.tracker.ScrapeStats;
import io.seedfleet.engine.tracker.TrackerConfig;
import io.seedfleet.engine.tracker.TrackerEvent;
import io.seedfleet.engine.tracker.TrackerException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * The node-wide tracker transports: one HTTP client and one UDP socket for all torrents, chosen by
 * the URL scheme. A Pekko extension, so every torrent of an actor system shares them; both close
 * when the system terminates. Settings come from {@code seedfleet.tracker.*} in the system config
 * when present ({@code min-interval}, {@code udp-retry-base}, {@code request-timeout}), else
 * {@link TrackerConfig#defaults()}.
 */
public final class TrackerTransports implements Extension, AutoCloseable {
  public static final ExtensionId<TrackerTransports> ID = new ExtensionId<>() {
    @Override
    public TrackerTransports createExtension(ActorSystem<?> system) {
      TrackerTransports transports = new TrackerTransports(configFrom(system));
      system.getWhenTerminated().thenRun(transports::close);
      return transports;
    }
  };

  private final TrackerConfig config;
  private final ExecutorService blocking = Executors.newVirtualThreadPerTaskExecutor();
  private final HttpTracker http;
  private UdpTrackerSocket udp;

  public TrackerTransports(TrackerConfig config) {
    this.config = config;
    this.http = new HttpTracker(config, blocking);
  }

  public static TrackerTransports get(ActorSystem<?> system) {
    return system.registerExtension(ID); // idempotent: the first call creates it
  }

  public TrackerConfig config() {
    return config;
  }

  /** Tracker traffic of this ActorSystem since it started, for metrics. */
  public record Activity(long announces, long announceFailures, long scrapes, long scrapeFailures) {}

  private final java.util.concurrent.atomic.LongAdder announces = new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.LongAdder announceFailures = new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.LongAdder scrapes = new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.LongAdder scrapeFailures = new java.util.concurrent.atomic.LongAdder();

  public Activity activity() {
    return new Activity(announces.sum(), announceFailures.sum(), scrapes.sum(), scrapeFailures.sum());
  }

  /** Counts a request and, when it fails, a failure. */
  private static <T> CompletableFuture<T> counted(CompletableFuture<T> request, java.util.concurrent.atomic.LongAdder sent,
      java.util.concurrent.atomic.LongAdder failed) {
    sent.increment();
    return request.whenComplete((ok, error) -> {
      if (error != null) {
        failed.increment();
      }
    });
  }

  /**
   * Announces to {@code url}. A {@code stopped} announce is best effort: one UDP attempt and the
   * short {@link TrackerConfig#stoppedTimeout()}. Fails with a {@link TrackerException}.
   */
  public CompletableFuture<AnnounceResponse> announce(String url, AnnounceRequest request) {
    return counted(send(url, request), announces, announceFailures);
  }

  private CompletableFuture<AnnounceResponse> send(String url, AnnounceRequest request) {
    boolean stopping = request.event() == TrackerEvent.STOPPED;
    Duration timeout = stopping ? config.stoppedTimeout() : config.requestTimeout();
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(new TrackerException("bad tracker URL " + url, true));
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    return switch (scheme) {
      case "http", "https" -> http.announce(url, request, timeout);
      case "udp" -> {
        if (uri.getHost() == null || uri.getPort() <= 0) {
          yield CompletableFuture.failedFuture(new TrackerException("UDP tracker URL without host or port: " + url, true));
        }
        int retries = stopping ? 0 : config.udpMaxRetries();
        yield CompletableFuture.supplyAsync(() -> resolve(uri), blocking)
            .thenCompose(address -> udpSocket().announce(address, request, retries));
      }
      default -> CompletableFuture.failedFuture(new TrackerException("unsupported tracker scheme: " + scheme, true));
    };
  }

  /**
   * Scrapes {@code infoHashes} at the tracker of {@code announceUrl}: over HTTP at the scrape URL
   * derived from it (BEP 48), over UDP with a BEP 15 scrape (at most
   * {@link io.seedfleet.engine.tracker.UdpTrackerCodec#MAX_SCRAPE_HASHES} hashes). Same timeouts,
   * retries and caps as a normal announce. Torrents the tracker does not know are absent from the
   * map over HTTP; over UDP trackers answer zeros for them. Fails with a {@link TrackerException}.
   */
  public CompletableFuture<Map<InfoHash, ScrapeStats>> scrape(String announceUrl, List<InfoHash> infoHashes) {
    return counted(sendScrape(announceUrl, infoHashes), scrapes, scrapeFailures);
  }

  private CompletableFuture<Map<InfoHash, ScrapeStats>> sendScrape(String announceUrl, List<InfoHash> infoHashes) {
    URI uri;
    try {
      uri = URI.create(announceUrl);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(new TrackerException("bad tracker URL " + announceUrl, true));
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    return switch (scheme) {
      case "http", "https" -> http.scrape(announceUrl, infoHashes, config.requestTimeout());
      case "udp" -> {
        if (uri.getHost() == null || uri.getPort() <= 0) {
          yield CompletableFuture.failedFuture(
              new TrackerException("UDP tracker URL without host or port: " + announceUrl, true));
        }
        yield CompletableFuture.supplyAsync(() -> resolve(uri), blocking)
            .thenCompose(address -> udpSocket().scrape(address, infoHashes, config.udpMaxRetries()));
      }
      default -> CompletableFuture.failedFuture(new TrackerException("unsupported tracker scheme: " + scheme, true));
    };
  }

  private static InetSocketAddress resolve(URI uri) {
    InetSocketAddress address = new InetSocketAddress(uri.getHost(), uri.getPort());
    if (address.isUnresolved()) {
      throw new CompletionException(new TrackerException("cannot resolve " + uri.getHost()));
    }
    return address;
  }

  private synchronized UdpTrackerSocket udpSocket() {
    if (udp == null) {
      try {
        udp = new UdpTrackerSocket(config);
      } catch (IOException e) {
        throw new CompletionException(new TrackerException("cannot open the UDP tracker socket: " + e.getMessage()));
      }
    }
    return udp;
  }

  @Override
  public synchronized void close() {
    if (udp != null) {
      udp.close();
    }
    blocking.shutdownNow();
  }

  private static TrackerConfig configFrom(ActorSystem<?> system) {
    com.typesafe.config.Config c = system.settings().config();
    TrackerConfig config = TrackerConfig.defaults();
    if (c.hasPath("seedfleet.tracker.min-interval")) {
      config = config.withMinInterval(c.getDuration("seedfleet.tracker.min-interval"));
    }
    if (c.hasPath("seedfleet.tracker.udp-retry-base")) {
      config = config.withUdpRetries(c.getDuration("seedfleet.tracker.udp-retry-base"), config.udpMaxRetries());
    }
    if (c.hasPath("seedfleet.tracker.request-timeout")) {
      config = config.withTimeouts(config.connectTimeout(), c.getDuration("seedfleet.tracker.request-timeout"));
    }
    return config;
  }
}
