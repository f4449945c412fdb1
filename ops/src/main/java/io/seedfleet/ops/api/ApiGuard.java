package io.seedfleet.ops.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The admin API's gate, as pure code: the Host header check against DNS rebinding, the Origin
 * check against cross-site writes, bearer tokens, and the ban on clients that keep guessing.
 */
public final class ApiGuard {
  static final int MAX_FAILURES = 5;
  static final Duration BAN = Duration.ofHours(1);

  private final List<byte[]> tokens;
  private final Set<String> allowedHosts;
  private final FailedAuthLimiter limiter = new FailedAuthLimiter(MAX_FAILURES, BAN);

  public ApiGuard(ApiSettings settings) {
    this.tokens = settings.tokens().stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
    Set<String> hosts = new HashSet<>(Set.of("localhost", "127.0.0.1", "::1", "[::1]"));
    hosts.add(settings.host().toLowerCase(Locale.ROOT));
    settings.allowedHosts().forEach(h -> hosts.add(h.toLowerCase(Locale.ROOT)));
    this.allowedHosts = Set.copyOf(hosts);
  }

  public boolean requiresToken() {
    return !tokens.isEmpty();
  }

  /**
   * Checks one request. {@code host} is the Host header without its port, {@code origin} the
   * Origin header's host if any, {@code authorization} the Authorization header if any.
   */
  public Optional<ApiError> check(String client, String method, String host, Optional<String> origin,
      Optional<String> authorization, boolean needsAuth, long nowNanos) {
    if (host == null || !allowedHosts.contains(host.toLowerCase(Locale.ROOT))) {
      return Optional.of(new ApiError(421, "misdirected_request",
          "Host " + printable(host) + " is not a name of this API (add it to seedfleet.api.allowed-hosts)"));
    }
    boolean write = !method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS");
    if (write && origin.isPresent() && !allowedHosts.contains(origin.get().toLowerCase(Locale.ROOT))) {
      return Optional.of(new ApiError(403, "cross_origin", "cross-site request from " + printable(origin.get()) + " refused"));
    }
    if (!needsAuth || tokens.isEmpty()) {
      return Optional.empty();
    }
    if (limiter.isBanned(client, nowNanos)) {
      return Optional.of(new ApiError(403, "banned", "too many failed authentications; try again later"));
    }
    if (authorization.isPresent() && matchesToken(authorization.get())) {
      limiter.succeeded(client);
      return Optional.empty();
    }
    boolean banned = limiter.failed(client, nowNanos);
    return Optional.of(new ApiError(401, "unauthorized", banned
        ? "invalid bearer token; this client is now banned for " + BAN.toMinutes() + " minutes"
        : authorization.isPresent() ? "invalid bearer token" : "a bearer token is required (Authorization: Bearer ...)"));
  }

  private boolean matchesToken(String authorization) {
    if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    byte[] offered = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    boolean match = false;
    for (byte[] token : tokens) {
      match |= MessageDigest.isEqual(token, offered); // constant time: no early exit on a match
    }
    return match;
  }

  static String printable(String value) {
    if (value == null) {
      return "(none)";
    }
    String clipped = value.length() > 80 ? value.substring(0, 80) + "..." : value;
    return clipped.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
