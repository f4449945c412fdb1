package io.seedfleet.ops.api;

import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.reject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.server.Rejection;
import org.apache.pekko.http.javadsl.server.Rejections;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The route tree built from a list of {@link Endpoint}s and nothing else: a request whose path fits
 * no template is rejected (404), one whose path fits but whose method does not is rejected with
 * the methods that would (405). Keeping the list as data is what lets a test hold the OpenAPI
 * document to the routes the server really has.
 */
public final class RouteTable {
  private final List<Endpoint> endpoints;

  public RouteTable(List<Endpoint> endpoints) {
    Set<String> seen = new HashSet<>();
    for (Endpoint e : endpoints) {
      if (!seen.add(e.method() + " " + e.path())) {
        throw new IllegalArgumentException("route listed twice: " + e.method() + " " + e.path());
      }
    }
    this.endpoints = List.copyOf(endpoints);
  }

  public List<Endpoint> endpoints() {
    return endpoints;
  }

  public Route route() {
    return extractRequest(request -> {
      List<String> segments = segments(request.getUri().path());
      String method = request.method().value();
      List<Rejection> wrongMethod = new ArrayList<>();
      for (Endpoint endpoint : endpoints) {
        Optional<Map<String, String>> params = endpoint.match(segments);
        if (params.isEmpty()) {
          continue;
        }
        if (endpoint.method().equals(method)) {
          return endpoint.handler().apply(params.get());
        }
        HttpMethods.lookup(endpoint.method()).ifPresent(m -> wrongMethod.add(Rejections.method(m)));
      }
      if (wrongMethod.isEmpty()) {
        return reject();
      }
      return reject(wrongMethod.get(0), wrongMethod.subList(1, wrongMethod.size()).toArray(Rejection[]::new));
    });
  }

  /** {@code /a/b/} gives {@code [a, b, ""]}: a trailing slash is a different path, as in the templates. */
  static List<String> segments(String path) {
    String relative = path.startsWith("/") ? path.substring(1) : path;
    return List.of(relative.split("/", -1));
  }
}
