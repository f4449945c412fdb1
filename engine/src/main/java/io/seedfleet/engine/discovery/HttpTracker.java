package io.seedfleet.engine.discovery;

import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.tracker.AnnounceRequest;
import io.seedfleet.engine.tracker.AnnounceResponse;
import io.seedfleet.engine.tracker.HttpAnnounce;
import io.seedfleet.engine.tracker.RedirectPolicy;
import io.seedfleet.engine.tracker.Scrape;
import io.seedfleet.engine.tracker.ScrapeStats;
import io.seedfleet.engine.tracker.TrackerConfig;
import io.seedfleet.engine.tracker.TrackerException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;

/**
 * Announces over HTTP(S) with the JDK client: no automatic redirects (we follow at most three and
 * refuse public-to-local ones), no compression asked for, the body capped while it is read, and
 * the whole exchange cut at {@link TrackerConfig#requestTimeout()}.
 */
final class HttpTracker {
  private static final String USER_AGENT = "seedfleet/0.1";

  private final HttpClient client;
  private final TrackerConfig config;
  private final Executor blocking;

  HttpTracker(TrackerConfig config, Executor blocking) {
    this.config = config;
    this.blocking = blocking;
    this.client = HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(config.connectTimeout())
        .executor(blocking)
        .build();
  }

  CompletableFuture<AnnounceResponse> announce(String announceUrl, AnnounceRequest request, Duration timeout) {
    URI uri;
    try {
      uri = URI.create(HttpAnnounce.url(announceUrl, request));
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(new TrackerException("bad tracker URL " + announceUrl, true));
    }
    return fetch(uri, timeout).thenApply(body -> {
      try {
        return HttpAnnounce.parse(body, config.maxPeersPerReply());
      } catch (TrackerException e) {
        throw new CompletionException(e);
      }
    });
  }

  /**
   * Scrapes {@code infoHashes} at the scrape URL derived from {@code announceUrl} (BEP 48), with
   * the same redirect policy, body cap and timeout as an announce. Fails permanently when the
   * announce URL does not follow the convention: such trackers have no scrape.
   */
  CompletableFuture<Map<InfoHash, ScrapeStats>> scrape(String announceUrl, List<InfoHash> infoHashes,
      Duration timeout) {
    Optional<String> scrapeUrl = Scrape.url(announceUrl);
    if (scrapeUrl.isEmpty()) {
      return CompletableFuture.failedFuture(
          new TrackerException("no scrape URL can be derived from " + announceUrl, true));
    }
    if (infoHashes.isEmpty()) {
      return CompletableFuture.failedFuture(new TrackerException("a scrape asks about at least one torrent", true));
    }
    String url = scrapeUrl.get();
    for (InfoHash infoHash : infoHashes) {
      url = Scrape.url(url, infoHash); // appends one info_hash parameter each
    }
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(new TrackerException("bad tracker URL " + announceUrl, true));
    }
    return fetch(uri, timeout).thenApply(body -> {
      try {
        return Scrape.parse(body);
      } catch (TrackerException e) {
        throw new CompletionException(e);
      }
    });
  }

  /** The body of a 200 reply at {@code uri}, following allowed redirects, within {@code timeout} overall. */
  CompletableFuture<byte[]> fetch(URI uri, Duration timeout) {
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    CompletableFuture<?>[] inFlight = new CompletableFuture<?>[1];
    follow(uri, 0, timeout, inFlight).whenComplete((body, e) -> {
      if (e == null) {
        result.complete(body);
      } else {
        result.completeExceptionally(e instanceof CompletionException c && c.getCause() != null ? c.getCause() : e);
      }
    });
    return result.orTimeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
        .exceptionallyCompose(e -> {
          if (inFlight[0] != null) {
            inFlight[0].cancel(true); // aborts a body that is still trickling in
          }
          Throwable cause = e instanceof CompletionException c && c.getCause() != null ? c.getCause() : e;
          if (cause instanceof TimeoutException || cause instanceof java.net.http.HttpTimeoutException) {
            cause = new TrackerException("tracker did not answer within " + timeout.toMillis() + " ms");
          } else if (cause instanceof java.io.IOException) {
            cause = new TrackerException("cannot reach tracker: " + cause);
          }
          return CompletableFuture.failedFuture(cause);
        });
  }

  private CompletableFuture<byte[]> follow(URI uri, int redirects, Duration timeout, CompletableFuture<?>[] inFlight) {
    if (!RedirectPolicy.allowedScheme(uri) || uri.getHost() == null) {
      return CompletableFuture.failedFuture(new TrackerException("not an http(s) URL: " + uri.getScheme(), true));
    }
    HttpRequest request = HttpRequest.newBuilder(uri)
        .timeout(timeout)
        .header("User-Agent", USER_AGENT)
        .header("Accept-Encoding", "identity")
        .GET()
        .build();
    CompletableFuture<byte[]> capExceeded = new CompletableFuture<>();
    CompletableFuture<HttpResponse<byte[]>> sent = client.sendAsync(request, info -> {
      if (info.statusCode() != 200) {
        return HttpResponse.BodySubscribers.replacing(new byte[0]);
      }
      CappedBodySubscriber body = new CappedBodySubscriber(config.maxResponseBytes());
      body.getBody().whenComplete((b, e) -> {
        if (e != null) {
          capExceeded.completeExceptionally(e);
        }
      });
      return body;
    });
    inFlight[0] = sent;
    // The client may keep draining a cancelled body before it completes; fail as soon as the cap is hit.
    capExceeded.whenComplete((b, e) -> sent.cancel(true));
    CompletableFuture<HttpResponse<byte[]>> answered = sent.applyToEither(capExceeded.thenApply(b -> null), r -> r);
    return answered.thenCompose(response -> {
      int status = response.statusCode();
      if (status == 200) {
        return CompletableFuture.completedFuture(response.body());
      }
      if (status == 410) {
        return CompletableFuture.failedFuture(new TrackerException("HTTP 410: tracker gone", true));
      }
      if (status >= 300 && status < 400 && response.headers().firstValue("Location").isPresent()) {
        if (redirects >= RedirectPolicy.MAX_REDIRECTS) {
          return CompletableFuture.failedFuture(new TrackerException("more than " + RedirectPolicy.MAX_REDIRECTS + " redirects"));
        }
        URI target;
        try {
          target = uri.resolve(response.headers().firstValue("Location").get());
        } catch (IllegalArgumentException e) {
          return CompletableFuture.failedFuture(new TrackerException("bad redirect location"));
        }
        return checkRedirect(uri, target).thenCompose(ok -> follow(target, redirects + 1, timeout, inFlight));
      }
      return CompletableFuture.failedFuture(new TrackerException("HTTP " + status));
    });
  }

  /** Resolves both hosts (blocking DNS, so on the blocking executor) and applies {@link RedirectPolicy}. */
  private CompletableFuture<Void> checkRedirect(URI from, URI to) {
    return CompletableFuture.runAsync(() -> {
      if (!RedirectPolicy.allowedScheme(to) || to.getHost() == null) {
        throw new CompletionException(new TrackerException("redirect to a non-http URL refused"));
      }
      try {
        InetAddress source = InetAddress.getByName(from.getHost());
        for (InetAddress target : InetAddress.getAllByName(to.getHost())) {
          if (!RedirectPolicy.allowed(source, target)) {
            throw new CompletionException(new TrackerException("redirect from " + from.getHost()
                + " to local address " + target.getHostAddress() + " refused"));
          }
        }
      } catch (UnknownHostException e) {
        throw new CompletionException(new TrackerException("cannot resolve " + e.getMessage()));
      }
    }, blocking);
  }
}
