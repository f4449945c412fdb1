package io.seedfleet.engine.metainfo;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which tracker URLs taken from untrusted input (a magnet link) we are willing to contact. A link
 * must not turn the engine into a way to reach services on the local network (SSRF): a tracker on
 * a loopback, private or link-local address is accepted only at a path ending in {@code /announce}
 * (or over UDP, which speaks only the tracker protocol). Host names are not resolved here; only
 * literal addresses and {@code localhost} are judged.
 */
public final class TrackerUrlPolicy {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private TrackerUrlPolicy() {}

  /** Why {@code url} is refused, or empty when it may be contacted. */
  public static Optional<String> refusal(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (Exception e) {
      return Optional.of("not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("udp")) {
      return Optional.of("unsupported scheme '" + scheme + "'");
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      return Optional.of("no host");
    }
    if (scheme.equals("udp") || !isLocalLiteral(host)) {
      return Optional.empty();
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    return path.endsWith("/announce") ? Optional.empty()
        : Optional.of("a tracker on a local address must be an /announce URL");
  }

  private static boolean isLocalLiteral(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    boolean literal = IPV4.matcher(host).matches() || host.startsWith("[") || host.contains(":");
    if (!literal) {
      return false;
    }
    try {
      InetAddress address = InetAddress.getByName(host); // a literal: no DNS lookup
      byte[] raw = address.getAddress();
      return address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
          || address.isAnyLocalAddress() || raw.length == 16 && (raw[0] & 0xFE) == 0xFC;
    } catch (UnknownHostException e) {
      return true; // a malformed literal: treat as local, i.e. refuse unless /announce
    }
  }
}
