package io.seedfleet.engine.lsd;

import io.seedfleet.engine.metainfo.InfoHash;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A Local Service Discovery announcement (BEP 14): an HTTP-like datagram sent to a multicast group,
 * saying "the peer at my source address, on this port, has these torrents".
 *
 * <pre>
 * BT-SEARCH * HTTP/1.1\r\n
 * Host: 239.192.152.143:6771\r\n
 * Port: 6881\r\n
 * Infohash: 40 hex digits\r\n      (one or more)
 * cookie: opaque token\r\n         (optional; lets a sender recognise its own packets)
 * \r\n
 * \r\n
 * </pre>
 *
 * @param port the announcer's BitTorrent listen port
 * @param infoHashes what it announces, never empty
 * @param cookie the announcer's token, if it sent one
 */
public record LsdMessage(int port, List<InfoHash> infoHashes, Optional<String> cookie) {
  /** Larger datagrams are not LSD; a typical one is about 150 bytes. */
  public static final int MAX_PACKET = 1400;
  /** Info-hashes read from one packet; the rest are ignored. */
  public static final int MAX_INFO_HASHES = 8;
  private static final int MAX_LINES = 32;
  private static final int MAX_COOKIE = 64;
  private static final String REQUEST_LINE = "BT-SEARCH * HTTP/1.1";

  public LsdMessage {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (infoHashes.isEmpty()) {
      throw new IllegalArgumentException("an announcement names at least one info-hash");
    }
    infoHashes = List.copyOf(infoHashes);
  }

  /** The datagram, addressed in its Host header to {@code group:groupPort}. */
  public byte[] encode(String group, int groupPort) {
    StringBuilder text = new StringBuilder(64 + 52 * infoHashes.size())
        .append(REQUEST_LINE).append("\r\n")
        .append("Host: ").append(group).append(':').append(groupPort).append("\r\n")
        .append("Port: ").append(port).append("\r\n");
    for (InfoHash infoHash : infoHashes) {
      text.append("Infohash: ").append(infoHash.hex()).append("\r\n");
    }
    cookie.ifPresent(c -> text.append("cookie: ").append(c).append("\r\n"));
    return text.append("\r\n\r\n").toString().getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Parses one datagram. Header names are case-insensitive, unknown headers are ignored, and
   * every malformed announcement is a {@link LsdFormatException} naming what is wrong.
   */
  public static LsdMessage parse(byte[] packet, int length) throws LsdFormatException {
    if (length > MAX_PACKET || length > packet.length) {
      throw new LsdFormatException("packet of " + length + " bytes is larger than " + MAX_PACKET);
    }
    String text = new String(packet, 0, length, StandardCharsets.ISO_8859_1);
    String[] lines = text.split("\r?\n", MAX_LINES + 1);
    if (!lines[0].trim().equals(REQUEST_LINE)) {
      throw new LsdFormatException("not a BT-SEARCH announcement");
    }
    int port = -1;
    List<InfoHash> infoHashes = new ArrayList<>();
    String cookie = null;
    for (int i = 1; i < Math.min(lines.length, MAX_LINES); i++) {
      String line = lines[i];
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      switch (name) {
        case "port" -> port = parsePort(value);
        case "infohash" -> {
          if (infoHashes.size() < MAX_INFO_HASHES) {
            infoHashes.add(parseInfoHash(value));
          }
        }
        case "cookie" -> cookie = value.length() <= MAX_COOKIE ? value : value.substring(0, MAX_COOKIE);
        default -> { }
      }
    }
    if (port < 0) {
      throw new LsdFormatException("no Port header");
    }
    if (infoHashes.isEmpty()) {
      throw new LsdFormatException("no Infohash header");
    }
    return new LsdMessage(port, infoHashes, Optional.ofNullable(cookie));
  }

  private static int parsePort(String value) throws LsdFormatException {
    if (value.isEmpty() || value.length() > 5 || !value.chars().allMatch(Character::isDigit)) {
      throw new LsdFormatException("bad Port header: " + printable(value));
    }
    int port = Integer.parseInt(value);
    if (port < 1 || port > 65535) {
      throw new LsdFormatException("Port out of range: " + port);
    }
    return port;
  }

  private static InfoHash parseInfoHash(String value) throws LsdFormatException {
    try {
      return InfoHash.fromHex(value);
    } catch (IllegalArgumentException e) {
      throw new LsdFormatException("bad Infohash header: " + printable(value));
    }
  }

  private static String printable(String value) {
    String clipped = value.length() > 48 ? value.substring(0, 48) + "..." : value;
    return clipped.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
