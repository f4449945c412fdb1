package io.seedfleet.ops.trackerd;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.path;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.seedfleet.engine.trackerd.HttpTrackerHandler;
import io.seedfleet.engine.trackerd.HttpTrackerReplies;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.model.AttributeKeys;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.RemoteAddress;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.settings.ServerSettings;

/**
 * The HTTP side of the built-in tracker on Pekko HTTP: {@code GET /announce} and {@code GET
 * /scrape}, answered by {@link HttpTrackerHandler} with bencoded {@code text/plain} bodies. Refusals
 * are {@code failure reason} bodies with status 200, as BEP 3 clients expect. The source address
 * comes from the connection, never from {@code X-Forwarded-For}, which anyone can send.
 */
public final class HttpTrackerServer implements AutoCloseable {
  /** Bencode is bytes: "text/plain" as trackers send it, with no charset to mislead clients. */
  private static final ContentType BENCODE = MediaTypes.TEXT_PLAIN.toContentTypeWithMissingCharset();
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
  /**
   * Tracker requests are small GETs: a query of a few hundred bytes, no body. Tight limits keep a
   * flood of junk cheap; a slow client is cut after the request timeout.
   */
  private static final String LIMITS = """
      pekko.http.server {
        remote-address-attribute = on
        server-header = ""
        request-timeout = 10 s
        idle-timeout = 30 s
        max-connections = 1024
        parsing {
          max-uri-length = 8k
          max-content-length = 1k
          max-header-count = 32
          max-header-value-length = 2k
          uri-parsing-mode = relaxed
        }
      }
      """;

  private final ServerBinding binding;

  private HttpTrackerServer(ServerBinding binding) {
    this.binding = binding;
  }

  /** Binds {@code host:port} (0 picks a free port); completes once the socket listens. */
  public static CompletionStage<HttpTrackerServer> start(ClassicActorSystemProvider system, String host, int port,
      HttpTrackerHandler handler) {
    Config config = ConfigFactory.parseString(LIMITS).withFallback(system.classicSystem().settings().config());
    return Http.get(system).newServerAt(host, port)
        .withSettings(ServerSettings.create(config))
        .bind(route(handler))
        .thenApply(HttpTrackerServer::new);
  }

  /** The routes, public for route tests. */
  public static Route route(HttpTrackerHandler handler) {
    return concat(
        path("announce", () -> get(() -> extractRequest(request ->
            reply(source(request).map(from -> handler.announce(query(request), from))
                .orElseGet(() -> HttpTrackerReplies.failure("unknown source address")))))),
        path("scrape", () -> get(() -> extractRequest(request -> reply(handler.scrape(query(request)))))));
  }

  private static Route reply(byte[] body) {
    return complete(StatusCodes.OK, HttpEntities.create(BENCODE, body));
  }

  private static String query(HttpRequest request) {
    return request.getUri().rawQueryString().orElse("");
  }

  private static Optional<InetAddress> source(HttpRequest request) {
    return request.getAttribute(AttributeKeys.remoteAddress).flatMap(RemoteAddress::getAddress);
  }

  public InetSocketAddress localAddress() {
    return binding.localAddress();
  }

  /** Stops accepting, lets requests in flight finish (up to 5 s), then closes the connections. */
  @Override
  public void close() {
    try {
      binding.terminate(STOP_TIMEOUT).toCompletableFuture().get(STOP_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // already unbound or the system is shutting down: nothing left to free
    }
  }
}
