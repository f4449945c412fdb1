package io.seedfleet.ops.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * One route of the HTTP API: a method, a path template such as {@code /api/v1/torrents/{infoHash}}
 * and the handler that answers it. The server's whole route tree is built from a list of these (see
 * {@link RouteTable}), so that list is the one true inventory of routes, which docs/openapi.json
 * is checked against.
 *
 * @param path absolute, segments separated by {@code /}; a segment {@code {name}} matches any one
 *     non-empty segment and hands it to the handler under {@code name}
 */
public record Endpoint(String method, String path, Function<Map<String, String>, Route> handler) {
  private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE");

  public Endpoint {
    if (!METHODS.contains(method)) {
      throw new IllegalArgumentException("unsupported method " + method);
    }
    if (!path.startsWith("/") || path.endsWith("/") || path.contains("//")) {
      throw new IllegalArgumentException("path template must be /a/b/{c}, was " + path);
    }
  }

  public static Endpoint get(String path, Supplier<Route> handler) {
    return new Endpoint("GET", path, params -> handler.get());
  }

  public static Endpoint post(String path, Supplier<Route> handler) {
    return new Endpoint("POST", path, params -> handler.get());
  }

  /** The template's segments, without the empty one before the leading slash. */
  List<String> segments() {
    return List.of(path.substring(1).split("/"));
  }

  /** The path parameters when {@code requestSegments} fits this template, else empty. */
  Optional<Map<String, String>> match(List<String> requestSegments) {
    List<String> template = segments();
    if (template.size() != requestSegments.size()) {
      return Optional.empty();
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < template.size(); i++) {
      String want = template.get(i);
      String got = requestSegments.get(i);
      if (want.startsWith("{") && want.endsWith("}")) {
        if (got.isEmpty()) {
          return Optional.empty();
        }
        params.put(want.substring(1, want.length() - 1), got);
      } else if (!want.equals(got)) {
        return Optional.empty();
      }
    }
    return Optional.of(params);
  }
}
