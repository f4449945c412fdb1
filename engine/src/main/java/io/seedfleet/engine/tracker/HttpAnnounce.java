package io.seedfleet.engine.tracker;

import io.seedfleet.engine.bencode.BBytes;
import io.seedfleet.engine.bencode.BDict;
import io.seedfleet.engine.bencode.BList;
import io.seedfleet.engine.bencode.BValue;
import io.seedfleet.engine.bencode.BencodeDecoder;
import io.seedfleet.engine.bencode.BencodeException;
import io.seedfleet.engine.bencode.BencodeLimits;
import io.seedfleet.engine.wire.CompactAddresses;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The HTTP tracker announce: the request URL and the bencoded reply, in the compact (BEP 23), IPv6
 * (BEP 7 {@code peers6}) and original dictionary-list forms.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0003.html">BEP 3</a>
 * @see <a href="https://www.bittorrent.org/beps/bep_0023.html">BEP 23</a>
 * @see <a href="https://www.bittorrent.org/beps/bep_0007.html">BEP 7</a>
 */
public final class HttpAnnounce {
  /** A reply is a flat dictionary with at most a list of small dictionaries: depth 3 is enough. */
  static final BencodeLimits LIMITS = new BencodeLimits(4, TrackerConfig.MAX_RESPONSE_BYTES, 19, 100_000,
      TrackerConfig.MAX_RESPONSE_BYTES, false, true);
  private static final BencodeDecoder DECODER = new BencodeDecoder(LIMITS);
  private static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(30);
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private HttpAnnounce() {}

  /**
   * The announce URL for {@code request}. An existing query string in {@code announceUrl} (private
   * trackers put a passkey there) is kept and our parameters appended after it.
   */
  public static String url(String announceUrl, AnnounceRequest request) {
    StringBuilder url = new StringBuilder(announceUrl);
    int fragment = url.indexOf("#");
    if (fragment >= 0) {
      url.setLength(fragment);
    }
    char last = url.isEmpty() ? '?' : url.charAt(url.length() - 1);
    url.append(url.indexOf("?") < 0 ? "?" : (last == '?' || last == '&') ? "" : "&");
    url.append("info_hash=").append(percentEncode(request.infoHash().bytes()));
    url.append("&peer_id=").append(percentEncode(request.peerId().bytes()));
    url.append("&port=").append(request.port());
    url.append("&uploaded=").append(request.uploaded());
    url.append("&downloaded=").append(request.downloaded());
    url.append("&left=").append(request.left());
    url.append("&compact=1");
    url.append("&numwant=").append(request.numWant());
    url.append("&key=").append(String.format(Locale.ROOT, "%08x", request.key()));
    if (request.event() != TrackerEvent.NONE) {
      url.append("&event=").append(request.event().httpName());
    }
    if (request.trackerId() != null) {
      url.append("&trackerid=").append(percentEncode(request.trackerId().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
    return url.toString();
  }

  /** RFC 3986 percent-encoding of raw bytes: unreserved characters stay, all others become %XX. */
  public static String percentEncode(byte[] bytes) {
    StringBuilder out = new StringBuilder(bytes.length * 3);
    for (byte b : bytes) {
      int c = b & 0xFF;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
          || c == '_' || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >>> 4]).append(HEX[c & 0xF]);
      }
    }
    return out.toString();
  }

  /**
   * Parses a reply body. A {@code failure reason} becomes a {@link TrackerException}; at most
   * {@code maxPeers} peers are kept; peers given by host name are skipped (resolving them would
   * let a tracker make us look up names of its choice).
   */
  public static AnnounceResponse parse(byte[] body, int maxPeers) throws TrackerException {
    BDict reply = decodeDict(body);
    BBytes failure = reply.getBytesOrNull("failure reason");
    if (failure != null) {
      throw new TrackerException("tracker failure: " + printable(failure));
    }
    Duration interval = seconds(reply, "interval");
    Duration minInterval = seconds(reply, "min interval");
    BBytes trackerId = reply.getBytesOrNull("tracker id");
    BBytes warning = reply.getBytesOrNull("warning message");
    List<InetSocketAddress> peers = new ArrayList<>();
    BValue list = reply.getOrNull("peers");
    if (list instanceof BBytes compact) {
      peers.addAll(compact(compact, CompactAddresses.IPV4_ENTRY, maxPeers));
    } else if (list instanceof BList dicts) {
      dictionaryPeers(dicts, maxPeers, peers);
    }
    if (reply.getOrNull("peers6") instanceof BBytes compact6) {
      peers.addAll(compact(compact6, CompactAddresses.IPV6_ENTRY, maxPeers - peers.size()));
    }
    return new AnnounceResponse(interval == null ? DEFAULT_INTERVAL : interval, minInterval,
        trackerId == null || trackerId.length() == 0 ? null : printable(trackerId),
        count(reply, "complete"), count(reply, "incomplete"), peers, warning == null ? null : printable(warning));
  }

  static BDict decodeDict(byte[] body) throws TrackerException {
    if (body.length > LIMITS.maxInputLength()) {
      throw new TrackerException("tracker reply of " + body.length + " bytes is too large");
    }
    BValue value;
    try {
      value = DECODER.decodePrefix(body, 0, body.length).value();
    } catch (BencodeException e) {
      throw new TrackerException("tracker reply is not bencoded: " + e.getMessage());
    }
    if (!(value instanceof BDict dict)) {
      throw new TrackerException("tracker reply is not a dictionary");
    }
    return dict;
  }

  private static List<InetSocketAddress> compact(BBytes bytes, int entrySize, int limit) throws TrackerException {
    if (limit <= 0) {
      return List.of();
    }
    if (bytes.length() % entrySize != 0) {
      throw new TrackerException("compact peer list of " + bytes.length() + " bytes is not a multiple of " + entrySize);
    }
    return CompactAddresses.decode(bytes.bytes(), entrySize, limit);
  }

  private static void dictionaryPeers(BList dicts, int maxPeers, List<InetSocketAddress> out) {
    for (BValue value : dicts.values()) {
      if (out.size() >= maxPeers) {
        return;
      }
      if (value instanceof BDict peer && peer.getBytesOrNull("ip") instanceof BBytes ip) {
        long port = peer.getLong("port").orElse(0L);
        if (port > 0 && port <= 0xFFFF) {
          IpLiterals.parse(ip.asString()).ifPresent(a -> out.add(new InetSocketAddress(a, (int) port)));
        }
      }
    }
  }

  private static Duration seconds(BDict reply, String key) throws TrackerException {
    Long value = reply.getLong(key).orElse(null);
    if (value == null) {
      return null;
    }
    if (value < 0 || value > Integer.MAX_VALUE) {
      throw new TrackerException("tracker sent " + key + " " + value);
    }
    return Duration.ofSeconds(value);
  }

  private static int count(BDict reply, String key) {
    long value = reply.getLong(key).orElse(-1L);
    return value < 0 || value > Integer.MAX_VALUE ? -1 : (int) value;
  }

  /** Tracker text for logs and the admin API: control characters replaced, at most 200 characters. */
  static String printable(BBytes text) {
    String s = text.asString();
    StringBuilder out = new StringBuilder(Math.min(s.length(), 200));
    for (int i = 0; i < s.length() && out.length() < 200; i++) {
      char c = s.charAt(i);
      out.append(Character.isISOControl(c) ? '?' : c);
    }
    return out.toString();
  }
}
