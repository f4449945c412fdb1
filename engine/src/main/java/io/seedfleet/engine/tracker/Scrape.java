package io.seedfleet.engine.tracker;

import io.seedfleet.engine.bencode.BBytes;
import io.seedfleet.engine.bencode.BDict;
import io.seedfleet.engine.bencode.BValue;
import io.seedfleet.engine.metainfo.InfoHash;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP scrape: its URL, derived from the announce URL by the usual convention (the last path
 * segment must start with {@code announce}, which becomes {@code scrape}), and its reply.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0048.html">BEP 48</a>
 */
public final class Scrape {
  private Scrape() {}

  /** The scrape URL, or empty when the announce URL does not follow the convention. */
  public static Optional<String> url(String announceUrl) {
    int queryStart = announceUrl.indexOf('?');
    String path = queryStart < 0 ? announceUrl : announceUrl.substring(0, queryStart);
    int slash = path.lastIndexOf('/');
    if (slash < 0 || !path.startsWith("announce", slash + 1)) {
      return Optional.empty();
    }
    return Optional.of(announceUrl.substring(0, slash + 1) + "scrape" + announceUrl.substring(slash + 1 + "announce".length()));
  }

  /** The scrape URL asking about {@code infoHash}. */
  public static String url(String scrapeUrl, InfoHash infoHash) {
    return scrapeUrl + (scrapeUrl.indexOf('?') < 0 ? "?" : "&") + "info_hash="
        + HttpAnnounce.percentEncode(infoHash.bytes());
  }

  /** The {@code files} of a reply, by info-hash; entries with a key that is not 20 bytes are skipped. */
  public static Map<InfoHash, ScrapeStats> parse(byte[] body) throws TrackerException {
    BDict reply = HttpAnnounce.decodeDict(body);
    BBytes failure = reply.getBytesOrNull("failure reason");
    if (failure != null) {
      throw new TrackerException("tracker failure: " + HttpAnnounce.printable(failure));
    }
    BDict files = reply.getDictOrNull("files");
    if (files == null) {
      throw new TrackerException("scrape reply has no files dictionary");
    }
    Map<InfoHash, ScrapeStats> stats = new LinkedHashMap<>();
    for (Map.Entry<BBytes, BValue> e : files.entries().entrySet()) {
      if (e.getKey().length() == InfoHash.LENGTH && e.getValue() instanceof BDict counts) {
        stats.put(InfoHash.of(e.getKey().bytes()),
            new ScrapeStats(count(counts, "complete"), count(counts, "downloaded"), count(counts, "incomplete")));
      }
    }
    return stats;
  }

  private static int count(BDict dict, String key) {
    long value = dict.getLong(key).orElse(-1L);
    return value < 0 || value > Integer.MAX_VALUE ? -1 : (int) value;
  }
}
