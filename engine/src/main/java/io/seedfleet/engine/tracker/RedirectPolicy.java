package io.seedfleet.engine.tracker;

import java.net.InetAddress;
import java.net.URI;

/**
 * Which HTTP tracker redirects we follow: http(s) only, and never from a public host into the
 * local network (a tracker must not make us probe our own admin API or a cloud metadata service).
 */
public final class RedirectPolicy {
  public static final int MAX_REDIRECTS = 3;

  private RedirectPolicy() {}

  public static boolean allowedScheme(URI target) {
    String scheme = target.getScheme();
    return "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
  }

  /** False when a redirect would go from a public address to a local one. */
  public static boolean allowed(InetAddress from, InetAddress to) {
    return isLocal(from) || !isLocal(to);
  }

  /** Loopback, private (RFC 1918 / fc00::/7), link-local (169.254/16, fe80::/10) or unspecified. */
  public static boolean isLocal(InetAddress address) {
    if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
        || address.isAnyLocalAddress()) {
      return true;
    }
    byte[] raw = address.getAddress();
    return raw.length == 16 && (raw[0] & 0xFE) == 0xFC; // unique local fc00::/7
  }
}
