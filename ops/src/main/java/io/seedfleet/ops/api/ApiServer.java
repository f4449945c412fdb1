package io.seedfleet.ops.api;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.extractClientIP;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.handleExceptions;
import static org.apache.pekko.http.javadsl.server.Directives.handleRejections;
import static org.apache.pekko.http.javadsl.server.Directives.withSizeLimit;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.RemoteAddress;
import org.apache.pekko.http.javadsl.model.headers.Host;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP face: {@code /health} and {@code /ready} for load balancers, {@code /metrics}
 * for Prometheus, and the admin API under {@code /api/v1/}. Every request passes the {@link
 * ApiGuard}; every failure is a JSON error with a proper status, never a stack trace.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
  /** A .torrent may be 10 MB; nothing else comes close. */
  public static final long MAX_BODY_BYTES = 11L << 20;

  private final ServerBinding binding;

  private ApiServer(ServerBinding binding) {
    this.binding = binding;
  }

  /**
   * Binds the API and blocks until it listens. {@code api} holds the routes under /api/v1/;
   * {@code ready} answers /ready.
   */
  public static ApiServer start(ActorSystem<?> system, ApiSettings settings, List<Endpoint> api, BooleanSupplier ready,
      PrometheusMeterRegistry metrics) {
    settings.validate();
    ApiGuard guard = new ApiGuard(settings);
    Route routes = root(guard, table(api, ready, metrics));
    ServerBinding binding = Http.get(system).newServerAt(settings.host(), settings.port()).bind(routes)
        .toCompletableFuture().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
    LOG.info("admin API on http://{}:{}/api/v1/ ({})", settings.host(), binding.localAddress().getPort(),
        guard.requiresToken() ? "bearer tokens required" : "loopback only, no token");
    return new ApiServer(binding);
  }

  /** Every route the server answers: its own three, then {@code api}'s. */
  public static RouteTable table(List<Endpoint> api, BooleanSupplier ready, PrometheusMeterRegistry metrics) {
    List<Endpoint> all = new ArrayList<>();
    all.add(Endpoint.get("/health", () -> complete(Json.response(200, Map.of("status", "up")))));
    all.add(Endpoint.get("/ready", () -> complete(ready.getAsBoolean()
        ? Json.response(200, Map.of("ready", true))
        : Json.error(new ApiError(503, "not_ready", "the node is starting or leaving")))));
    all.add(Endpoint.get("/metrics", () -> complete(HttpResponse.create().withEntity(
        HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, metrics.scrape())))));
    for (Endpoint e : api) {
      if (!e.path().startsWith("/api/v1/")) {
        throw new IllegalArgumentException("API routes live under /api/v1/, not " + e.path());
      }
      all.add(e);
    }
    return new RouteTable(all);
  }

  public InetSocketAddress address() {
    return binding.localAddress();
  }

  static Route root(ApiGuard guard, RouteTable table) {
    Route routes = table.route();
    return handleExceptions(exceptions(), () -> handleRejections(rejections(), () -> withSizeLimit(MAX_BODY_BYTES, () ->
        extractClientIP(client -> extractRequest(request -> guarded(guard, client, request, needsAuth(request),
            () -> routes))))));
  }

  /** /health and /ready serve load balancers without a token; the API and the metrics need one. */
  private static boolean needsAuth(HttpRequest request) {
    String path = request.getUri().path();
    return path.equals("/metrics") || path.equals("/api") || path.startsWith("/api/");
  }

  private static Route guarded(ApiGuard guard, RemoteAddress client, HttpRequest request, boolean needsAuth,
      Supplier<Route> inner) {
    String host = request.getHeader(Host.class).map(h -> h.host().address()).orElse(null);
    Optional<String> origin = request.getHeader("Origin").map(h -> originHost(h.value()));
    Optional<String> authorization = request.getHeader("Authorization").map(h -> h.value());
    String clientKey = client.getAddress().map(a -> a.getHostAddress()).orElse("unknown");
    Optional<ApiError> refused = guard.check(clientKey, request.method().value(), host, origin, authorization, needsAuth,
        System.nanoTime());
    if (refused.isPresent()) {
      if (refused.get().status() == 401 || refused.get().status() == 403) {
        LOG.warn("refused {} {} from {}: {}", request.method().value(), ApiGuard.printable(request.getUri().path()),
            clientKey, refused.get().message());
      }
      HttpResponse response = Json.error(refused.get());
      if (refused.get().status() == 401) {
        response = response.addHeader(org.apache.pekko.http.javadsl.model.HttpHeader.parse("WWW-Authenticate", "Bearer"));
      }
      return complete(response);
    }
    return inner.get();
  }

  private static String originHost(String origin) {
    try {
      String host = java.net.URI.create(origin).getHost();
      return host == null ? origin : host;
    } catch (IllegalArgumentException e) {
      return origin;
    }
  }

  private static ExceptionHandler exceptions() {
    return ExceptionHandler.newBuilder()
        .match(ApiException.class, e -> complete(Json.error(e.error())))
        .match(org.apache.pekko.http.scaladsl.model.EntityStreamSizeException.class, e -> complete(Json.error(
            new ApiError(413, "payload_too_large", "request body larger than " + e.limit() + " bytes"))))
        .matchAny(e -> {
          LOG.error("admin API request failed", e);
          return complete(Json.error(new ApiError(500, "internal_error", "internal error; see the node's log")));
        })
        .build();
  }

  private static RejectionHandler rejections() {
    return RejectionHandler.defaultHandler().mapRejectionResponse(response -> {
      if (response.entity() instanceof HttpEntity.Strict strict && !isJson(strict)) {
        String text = strict.getData().utf8String();
        return Json.error(new ApiError(response.status().intValue(), codeOf(response.status().intValue()),
            ApiGuard.printable(text.strip())));
      }
      return response;
    });
  }

  private static boolean isJson(HttpEntity.Strict entity) {
    return entity.getContentType().mediaType().equals(MediaTypes.APPLICATION_JSON);
  }

  private static String codeOf(int status) {
    return switch (status) {
      case 400 -> "bad_request";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 413 -> "payload_too_large";
      case 415 -> "unsupported_media_type";
      default -> "http_" + status;
    };
  }

  @Override
  public void close() {
    binding.terminate(Duration.ofSeconds(5)).toCompletableFuture().join();
  }
}
