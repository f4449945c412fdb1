package io.seedfleet.ops.api;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;

/**
 * How the admin API listens and whom it lets in.
 *
 * @param host the address to bind
 * @param port the port to bind; 0 picks a free one
 * @param tokens accepted bearer tokens; with none, the API must bind to loopback only
 * @param allowedHosts extra names a request's Host header may carry besides loopback names and
 *     {@code host} itself (a defence against DNS rebinding)
 */
public record ApiSettings(String host, int port, List<String> tokens, Set<String> allowedHosts) {
  public ApiSettings {
    tokens = tokens.stream().filter(t -> !t.isBlank()).toList();
    allowedHosts = Set.copyOf(allowedHosts);
  }

  public static ApiSettings loopback(int port) {
    return new ApiSettings("127.0.0.1", port, List.of(), Set.of());
  }

  /** Refuses settings that would expose an unauthenticated API beyond this machine. */
  public void validate() {
    if (tokens.isEmpty() && !isLoopback(host)) {
      throw new IllegalArgumentException("the admin API has no token configured, so it may only bind to loopback, not "
          + host + " (set seedfleet.api.tokens or SEEDFLEET_TOKEN, or bind to 127.0.0.1)");
    }
  }

  public static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
