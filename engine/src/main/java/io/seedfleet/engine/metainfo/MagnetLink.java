package io.seedfleet.engine.metainfo;

import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed magnet link: the info-hash to fetch metadata for, plus hints to find peers.
 *
 * <pre>
 * magnet:?xt=urn:btih:&lt;40 hex | 32 base32&gt;   required (a v2 urn:btmh: alone is refused)
 *        &amp;dn=&lt;display name&gt;                   optional
 *        &amp;tr=&lt;tracker URL&gt;                     repeatable, kept in order, de-duplicated
 *        &amp;x.pe=&lt;host:port | [ipv6]:port&gt;      repeatable peer addresses
 *        &amp;so=0,2,4-6                           BEP 53: file indices to download
 * </pre>
 *
 * @param infoHash the v1 info-hash
 * @param displayName {@code dn}, a hint only: the name in the fetched metadata wins
 * @param trackers at most {@link #MAX_TRACKERS}, in link order, without duplicates
 * @param refusedTrackers trackers left out by the {@link TrackerUrlPolicy}, each with the reason
 * @param peers at most {@link #MAX_PEERS}; host names stay unresolved (no DNS while parsing)
 * @param selectOnly BEP 53 file indices in ascending order without duplicates; empty = all files
 * @see <a href="https://www.bittorrent.org/beps/bep_0009.html">BEP 9: magnet URI format</a>
 * @see <a href="https://www.bittorrent.org/beps/bep_0053.html">BEP 53: select-only</a>
 */
public record MagnetLink(
    InfoHash infoHash,
    Optional<String> displayName,
    List<String> trackers,
    List<String> refusedTrackers,
    List<InetSocketAddress> peers,
    List<Integer> selectOnly) {

  /** The longest magnet link parsed: 64 KiB characters, checked before anything else. */
  public static final int MAX_LENGTH = 64 * 1024;
  /** Trackers beyond this many are dropped. */
  public static final int MAX_TRACKERS = 100;
  /** Peer addresses beyond this many are dropped. */
  public static final int MAX_PEERS = 200;
  /** The most file indices {@code so} may expand to; more is an error, not a silent cut. */
  public static final int MAX_SELECT_ONLY = 10_000;

  public MagnetLink {
    Objects.requireNonNull(infoHash);
    Objects.requireNonNull(displayName);
    trackers = List.copyOf(trackers);
    refusedTrackers = List.copyOf(refusedTrackers);
    peers = List.copyOf(peers);
    selectOnly = List.copyOf(selectOnly);
  }

  /** A link with only an info-hash. */
  public static MagnetLink of(InfoHash infoHash) {
    return new MagnetLink(infoHash, Optional.empty(), List.of(), List.of(), List.of(), List.of());
  }

  /**
   * Parses a magnet URI.
   *
   * @throws MagnetException naming the first problem found; never an unchecked exception
   */
  public static MagnetLink parse(String uri) throws MagnetException {
    return MagnetParser.parse(uri);
  }

  /** True for strings that look like a magnet link rather than a file name. */
  public static boolean looksLikeMagnet(String text) {
    return text.regionMatches(true, 0, "magnet:", 0, 7);
  }

  /** A copy with other peer addresses. */
  public MagnetLink withPeers(List<InetSocketAddress> newPeers) {
    return new MagnetLink(infoHash, displayName, trackers, refusedTrackers, newPeers, selectOnly);
  }

  /** The name to show before metadata arrives: {@code dn}, else the info-hash. */
  public String nameForDisplay() {
    return displayName.orElse(infoHash.hex());
  }

  /** Tracker tiers as a .torrent's announce-list: one tracker per tier, in link order. */
  public List<List<String>> announceTiers() {
    return trackers.stream().map(List::of).toList();
  }

  /** The link as a URI that {@link #parse} reads back to an equal value. */
  public String format() {
    StringBuilder out = new StringBuilder("magnet:?xt=urn:btih:").append(infoHash.hex());
    displayName.ifPresent(dn -> out.append("&dn=").append(escape(dn)));
    trackers.forEach(tr -> out.append("&tr=").append(escape(tr)));
    for (InetSocketAddress peer : peers) {
      String host = peer.getHostString();
      out.append("&x.pe=").append(host.contains(":") ? "[" + host + "]" : host).append(':').append(peer.getPort());
    }
    if (!selectOnly.isEmpty()) {
      out.append("&so=").append(String.join(",", selectOnly.stream().map(String::valueOf).toList()));
    }
    return out.toString();
  }

  private static String escape(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public String toString() {
    return format();
  }
}
