package io.seedfleet.engine.metainfo;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads magnet URIs for {@link MagnetLink#parse}. One left-to-right pass over {@code &}-separated
 * parameters; every list is capped while it is filled, so a 64 KiB link of 10 000 {@code tr=}
 * costs at most {@link MagnetLink#MAX_TRACKERS} strings.
 */
final class MagnetParser {
  private static final String BTIH = "urn:btih:";
  private static final String BTMH = "urn:btmh:";
  private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  /** BEP 53 indices above this are refused; no torrent has more files than pieces. */
  private static final int MAX_FILE_INDEX = Metainfo.MAX_PIECES;

  private MagnetParser() {}

  static MagnetLink parse(String uri) throws MagnetException {
    if (uri == null) {
      throw new MagnetException(MagnetError.NOT_A_MAGNET, "no link given");
    }
    if (uri.length() > MagnetLink.MAX_LENGTH) {
      throw new MagnetException(MagnetError.TOO_LONG,
          "magnet link of " + uri.length() + " characters exceeds " + MagnetLink.MAX_LENGTH);
    }
    String text = uri.strip();
    if (!text.regionMatches(true, 0, "magnet:?", 0, 8)) {
      throw new MagnetException(MagnetError.NOT_A_MAGNET, "does not start with 'magnet:?'");
    }
    InfoHash v1 = null;
    boolean v2 = false;
    String displayName = null;
    Set<String> trackers = new LinkedHashSet<>();
    List<String> refused = new java.util.ArrayList<>();
    Set<InetSocketAddress> peers = new LinkedHashSet<>();
    TreeSet<Integer> selectOnly = new TreeSet<>();
    for (String param : text.substring(8).split("&", -1)) {
      if (param.isEmpty()) {
        continue;
      }
      int eq = param.indexOf('=');
      String key = baseKey(eq < 0 ? param : param.substring(0, eq));
      String rawValue = eq < 0 ? "" : param.substring(eq + 1);
      switch (key) {
        case "xt" -> {
          String xt = decode(rawValue, false);
          if (xt.regionMatches(true, 0, BTIH, 0, BTIH.length())) {
            InfoHash hash = infoHash(xt.substring(BTIH.length()));
            if (v1 != null && !v1.equals(hash)) {
              throw new MagnetException(MagnetError.CONFLICTING_INFO_HASHES, "two different btih: " + v1 + " and " + hash);
            }
            v1 = hash;
          } else if (xt.regionMatches(true, 0, BTMH, 0, BTMH.length())) {
            v2 = true; // a hybrid link also carries btih, which we use
          }
        }
        case "dn" -> displayName = decode(rawValue, true);
        case "tr" -> {
          String tracker = decode(rawValue, false).strip();
          java.util.Optional<String> refusal = TrackerUrlPolicy.refusal(tracker);
          if (refusal.isPresent()) {
            if (refused.size() < MagnetLink.MAX_TRACKERS) {
              refused.add(tracker + ": " + refusal.get());
            }
          } else if (!tracker.isEmpty() && trackers.size() < MagnetLink.MAX_TRACKERS) {
            trackers.add(tracker);
          }
        }
        case "x.pe" -> {
          if (peers.size() < MagnetLink.MAX_PEERS) {
            peers.add(peer(decode(rawValue, false)));
          }
        }
        case "so" -> selectOnly(decode(rawValue, false), selectOnly);
        default -> { } // ws, xs, as, kt and unknown keys: not used by this engine
      }
    }
    if (v1 == null) {
      if (v2) {
        throw new MagnetException(MagnetError.V2_ONLY_UNSUPPORTED,
            "v2-only magnet not supported: it has urn:btmh: but no urn:btih: info-hash");
      }
      throw new MagnetException(MagnetError.MISSING_INFO_HASH, "no xt=urn:btih: parameter");
    }
    return new MagnetLink(v1, Optional.ofNullable(displayName), List.copyOf(trackers), List.copyOf(refused), List.copyOf(peers),
        List.copyOf(selectOnly));
  }

  /** {@code tr.1} and {@code xt.2} are numbered forms of {@code tr} and {@code xt}. */
  private static String baseKey(String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    int dot = lower.lastIndexOf('.');
    if (dot > 0 && dot < lower.length() - 1 && lower.substring(dot + 1).chars().allMatch(Character::isDigit)) {
      return lower.substring(0, dot);
    }
    return lower;
  }

  static InfoHash infoHash(String text) throws MagnetException {
    if (text.length() == 40) {
      try {
        return InfoHash.of(HexFormat.of().parseHex(text));
      } catch (IllegalArgumentException e) {
        throw new MagnetException(MagnetError.INVALID_INFO_HASH, "btih of 40 characters is not hex: " + clip(text));
      }
    }
    if (text.length() == 32) {
      return InfoHash.of(base32(text));
    }
    throw new MagnetException(MagnetError.INVALID_INFO_HASH,
        "btih must be 40 hex or 32 base32 characters, got " + text.length() + ": " + clip(text));
  }

  /** RFC 4648 base32 without padding: 32 characters are exactly 160 bits. */
  private static byte[] base32(String text) throws MagnetException {
    byte[] out = new byte[20];
    long buffer = 0;
    int bits = 0;
    int index = 0;
    for (char c : text.toUpperCase(Locale.ROOT).toCharArray()) {
      int value = BASE32.indexOf(c);
      if (value < 0) {
        throw new MagnetException(MagnetError.INVALID_INFO_HASH, "btih of 32 characters is not base32: " + clip(text));
      }
      buffer = buffer << 5 | value;
      bits += 5;
      if (bits >= 8) {
        bits -= 8;
        out[index++] = (byte) (buffer >>> bits);
      }
    }
    return out;
  }

  static String decode(String raw, boolean plusIsSpace) throws MagnetException {
    if (raw.indexOf('%') < 0) {
      return plusIsSpace ? raw.replace('+', ' ') : raw;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
        int lo = hi >= 0 ? Character.digit(raw.charAt(i + 2), 16) : -1;
        if (lo < 0) {
          throw new MagnetException(MagnetError.INVALID_ENCODING, "bad % escape at " + i + " in " + clip(raw));
        }
        bytes.write(hi << 4 | lo);
        i += 2;
      } else if (c == '+' && plusIsSpace) {
        bytes.write(' ');
      } else {
        int end = i + 1;
        while (end < raw.length() && raw.charAt(end) != '%' && raw.charAt(end) != '+') {
          end++;
        }
        bytes.writeBytes(raw.substring(i, end).getBytes(StandardCharsets.UTF_8)); // whole runs keep surrogate pairs
        i = end - 1;
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      throw new MagnetException(MagnetError.INVALID_ENCODING, "escaped bytes are not UTF-8 in " + clip(raw));
    }
  }

  /** {@code host:port} or {@code [ipv6]:port}; IP literals are parsed here, never looked up. */
  static InetSocketAddress peer(String text) throws MagnetException {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new MagnetException(MagnetError.INVALID_PEER, "x.pe must be host:port, got " + clip(text));
    }
    int port = port(text.substring(colon + 1), text);
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]") && host.length() > 2) {
      return new InetSocketAddress(ipv6(host.substring(1, host.length() - 1), text), port);
    }
    if (host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
      byte[] ip = new byte[4];
      String[] parts = host.split("\\.");
      for (int i = 0; i < 4; i++) {
        int part = Integer.parseInt(parts[i]);
        if (part > 255) {
          throw new MagnetException(MagnetError.INVALID_PEER, "bad IPv4 address in x.pe: " + clip(text));
        }
        ip[i] = (byte) part;
      }
      return new InetSocketAddress(byAddress(ip), port);
    }
    if (host.length() <= 253 && host.matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")) {
      return InetSocketAddress.createUnresolved(host, port);
    }
    throw new MagnetException(MagnetError.INVALID_PEER, "x.pe host is not an address or name: " + clip(text));
  }

  private static int port(String digits, String text) throws MagnetException {
    if (!digits.matches("[0-9]{1,5}") || Integer.parseInt(digits) < 1 || Integer.parseInt(digits) > 65535) {
      throw new MagnetException(MagnetError.INVALID_PEER, "x.pe port must be 1..65535: " + clip(text));
    }
    return Integer.parseInt(digits);
  }

  private static InetAddress ipv6(String literal, String text) throws MagnetException {
    // Only hex digits, colons and dots: InetAddress then reads a literal and never asks DNS.
    if (!literal.matches("[0-9A-Fa-f:.]{2,45}") || !literal.contains(":")) {
      throw new MagnetException(MagnetError.INVALID_PEER, "bad IPv6 address in x.pe: " + clip(text));
    }
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new MagnetException(MagnetError.INVALID_PEER, "bad IPv6 address in x.pe: " + clip(text));
    }
  }

  private static InetAddress byAddress(byte[] ip) {
    try {
      return InetAddress.getByAddress(ip);
    } catch (UnknownHostException e) {
      throw new AssertionError("4 bytes are always an address", e);
    }
  }

  /** BEP 53: {@code 0,2,4-6}; expansion stops with an error past {@link MagnetLink#MAX_SELECT_ONLY}. */
  static void selectOnly(String text, TreeSet<Integer> into) throws MagnetException {
    for (String item : text.split(",", -1)) {
      String[] range = item.split("-", -1);
      if (range.length > 2 || item.isEmpty()) {
        throw new MagnetException(MagnetError.INVALID_SELECT_ONLY, "so item is not N or N-M: " + clip(item));
      }
      int first = index(range[0], text);
      int last = range.length == 2 ? index(range[1], text) : first;
      if (last < first) {
        throw new MagnetException(MagnetError.INVALID_SELECT_ONLY, "so range runs backwards: " + clip(item));
      }
      if ((long) last - first + 1 + into.size() > MagnetLink.MAX_SELECT_ONLY) {
        throw new MagnetException(MagnetError.INVALID_SELECT_ONLY,
            "so selects more than " + MagnetLink.MAX_SELECT_ONLY + " files");
      }
      for (int i = first; i <= last; i++) {
        into.add(i);
      }
    }
  }

  private static int index(String digits, String text) throws MagnetException {
    if (!digits.matches("[0-9]{1,7}") || Integer.parseInt(digits) > MAX_FILE_INDEX) {
      throw new MagnetException(MagnetError.INVALID_SELECT_ONLY, "so index is not 0.." + MAX_FILE_INDEX + ": " + clip(text));
    }
    return Integer.parseInt(digits);
  }

  /** Error messages quote at most 60 characters of hostile input. */
  private static String clip(String text) {
    String cut = text.length() <= 60 ? text : text.substring(0, 57) + "...";
    return "'" + cut.replaceAll("\\p{Cntrl}", "?") + "'";
  }
}
