package io.seedfleet.engine.trackerd;

import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.wire.PeerId;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the query string of an HTTP announce or scrape. {@code info_hash} and {@code peer_id} are
 * raw bytes, percent-encoded, so the query is decoded to bytes, never to text. Everything is
 * checked against limits before anything is kept: the query's length first, then each value's.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0003.html">BEP 3: trackers</a>
 * @see <a href="https://www.bittorrent.org/beps/bep_0048.html">BEP 48: scrape</a>
 */
public final class HttpTrackerQuery {
  /** Longest decoded value kept: a 20-byte hash, a number, an IPv6 literal, an event name. */
  private static final int MAX_VALUE_BYTES = 64;
  private static final int MAX_DIGITS = 18;

  private HttpTrackerQuery() {}

  /** An announce with the HTTP-only reply options. */
  public record Announce(AnnounceRequest request, boolean compact, boolean noPeerId) {}

  /**
   * Parses an announce query (without the {@code ?}). The peer's address is {@code source}, unless
   * the configuration accepts an {@code ip} parameter and one is given.
   */
  public static Announce parseAnnounce(String rawQuery, InetAddress source, TrackerConfig config)
      throws TrackerRequestException {
    checkLength(rawQuery, config);
    byte[] infoHash = null;
    byte[] peerId = null;
    int port = -1;
    long uploaded = 0;
    long downloaded = 0;
    long left = -1;
    AnnounceEvent event = AnnounceEvent.NONE;
    int numwant = -1;
    boolean compact = true;
    boolean noPeerId = false;
    InetAddress address = source;
    for (String pair : pairs(rawQuery)) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String raw = eq < 0 ? "" : pair.substring(eq + 1);
      switch (key) {
        case "info_hash" -> infoHash = once(infoHash, exactly20(raw, "info_hash"), "info_hash");
        case "peer_id" -> peerId = once(peerId, exactly20(raw, "peer_id"), "peer_id");
        case "port" -> {
          long value = number(raw, "port");
          if (value < 1 || value > 0xFFFF) {
            throw new TrackerRequestException("invalid port");
          }
          port = (int) value;
        }
        case "uploaded" -> uploaded = number(raw, "uploaded");
        case "downloaded" -> downloaded = number(raw, "downloaded");
        case "left" -> left = number(raw, "left");
        case "numwant" -> numwant = numwant(raw, config);
        case "compact" -> compact = !"0".equals(raw);
        case "no_peer_id" -> noPeerId = "1".equals(raw);
        case "event" -> event = event(text(raw, "event"));
        case "ip" -> {
          if (config.acceptIpParameter()) {
            address = ipLiteral(text(raw, "ip"));
          }
        }
        default -> { } // key, trackerid, corrupt, supportcrypto, ipv6...: not needed to answer
      }
    }
    if (infoHash == null) {
      throw new TrackerRequestException("missing info_hash");
    }
    if (peerId == null) {
      throw new TrackerRequestException("missing peer_id");
    }
    if (port < 0) {
      throw new TrackerRequestException("missing port");
    }
    if (left < 0) {
      throw new TrackerRequestException("missing left");
    }
    AnnounceRequest request = new AnnounceRequest(InfoHash.of(infoHash), PeerId.of(peerId),
        new InetSocketAddress(address, port), uploaded, downloaded, left, event, numwant);
    return new Announce(request, compact, noPeerId);
  }

  /** Parses a scrape query: one or more {@code info_hash}, at most {@link TrackerConfig#maxScrapeHashes()}. */
  public static List<InfoHash> parseScrape(String rawQuery, TrackerConfig config) throws TrackerRequestException {
    checkLength(rawQuery, config);
    List<InfoHash> hashes = new ArrayList<>();
    int seen = 0;
    for (String pair : pairs(rawQuery)) {
      if (pair.startsWith("info_hash=")) {
        if (++seen > config.maxScrapeHashes()) {
          throw new TrackerRequestException("too many info_hash, at most " + config.maxScrapeHashes());
        }
        InfoHash hash = InfoHash.of(exactly20(pair.substring("info_hash=".length()), "info_hash"));
        if (!hashes.contains(hash)) {
          hashes.add(hash);
        }
      }
    }
    if (hashes.isEmpty()) {
      // A full scrape would list every swarm: refused, it leaks and costs too much.
      throw new TrackerRequestException("missing info_hash");
    }
    return hashes;
  }

  private static void checkLength(String rawQuery, TrackerConfig config) throws TrackerRequestException {
    if (rawQuery == null || rawQuery.isEmpty()) {
      throw new TrackerRequestException("missing query");
    }
    if (rawQuery.length() > config.maxQueryLength()) {
      throw new TrackerRequestException("query too long");
    }
  }

  private static String[] pairs(String rawQuery) {
    return rawQuery.split("&", -1);
  }

  private static byte[] once(byte[] previous, byte[] value, String name) throws TrackerRequestException {
    if (previous != null) {
      throw new TrackerRequestException("more than one " + name);
    }
    return value;
  }

  private static byte[] exactly20(String raw, String name) throws TrackerRequestException {
    byte[] bytes = percentDecode(raw, name);
    if (bytes.length != InfoHash.LENGTH) {
      throw new TrackerRequestException("invalid " + name + ": must be 20 bytes, got " + bytes.length);
    }
    return bytes;
  }

  private static long number(String raw, String name) throws TrackerRequestException {
    if (raw.isEmpty() || raw.length() > MAX_DIGITS) {
      throw new TrackerRequestException("invalid " + name);
    }
    long value = 0;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c < '0' || c > '9') {
        throw new TrackerRequestException("invalid " + name);
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /** Clients send odd numwant values (-1, huge): anything that is not a small number means "default". */
  private static int numwant(String raw, TrackerConfig config) {
    try {
      long value = number(raw, "numwant");
      return (int) Math.min(value, config.maxNumwant());
    } catch (TrackerRequestException e) {
      return -1;
    }
  }

  private static AnnounceEvent event(String name) throws TrackerRequestException {
    return switch (name) {
      case "started" -> AnnounceEvent.STARTED;
      case "completed" -> AnnounceEvent.COMPLETED;
      case "stopped" -> AnnounceEvent.STOPPED;
      case "", "empty", "paused" -> AnnounceEvent.NONE;
      default -> throw new TrackerRequestException("invalid event");
    };
  }

  private static String text(String raw, String name) throws TrackerRequestException {
    return new String(percentDecode(raw, name), StandardCharsets.ISO_8859_1);
  }

  /** Only a numeric literal: a host name here would make the tracker resolve names for strangers. */
  private static InetAddress ipLiteral(String text) throws TrackerRequestException {
    boolean v4 = text.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    boolean v6 = text.contains(":") && text.matches("[0-9A-Fa-f:.]{2,45}");
    if (!v4 && !v6) {
      throw new TrackerRequestException("invalid ip");
    }
    try {
      return InetAddress.getByName(text); // a literal: parsed, never looked up
    } catch (UnknownHostException e) {
      throw new TrackerRequestException("invalid ip");
    }
  }

  /** Decodes {@code %XX} and {@code +}; the output never exceeds {@link #MAX_VALUE_BYTES}. */
  static byte[] percentDecode(String raw, String name) throws TrackerRequestException {
    if (raw.length() > 3 * MAX_VALUE_BYTES) {
      throw new TrackerRequestException("invalid " + name + ": too long");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(raw.length(), MAX_VALUE_BYTES));
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        int high = i + 1 < raw.length() ? hexDigit(raw.charAt(i + 1)) : -1;
        int low = i + 2 < raw.length() ? hexDigit(raw.charAt(i + 2)) : -1;
        if (high < 0 || low < 0) {
          throw new TrackerRequestException("invalid " + name + ": bad percent-encoding");
        }
        out.write(high << 4 | low);
        i += 2;
      } else if (c == '+') {
        out.write(' ');
      } else if (c < 0x21 || c > 0x7E) {
        throw new TrackerRequestException("invalid " + name + ": unencoded character");
      } else {
        out.write(c);
      }
    }
    return out.toByteArray();
  }

  /** ASCII hex only: {@link Character#digit} would also accept other scripts' digits. */
  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
