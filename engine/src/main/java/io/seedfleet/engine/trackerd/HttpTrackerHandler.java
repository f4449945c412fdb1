package io.seedfleet.engine.trackerd;

import io.seedfleet.engine.metainfo.InfoHash;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * HTTP tracker requests in, bencoded bodies out: the whole tracker minus the HTTP server, so it is
 * tested without one. Every refusal is a {@code failure reason} body (served with status 200, as
 * BEP 3 clients expect), never an exception.
 */
public final class HttpTrackerHandler {
  private final SwarmRegistry registry;
  private final TrackerPolicy policy;

  public HttpTrackerHandler(SwarmRegistry registry, TrackerPolicy policy) {
    this.registry = registry;
    this.policy = policy;
  }

  /** Answers {@code GET /announce?rawQuery} from {@code source}. */
  public byte[] announce(String rawQuery, InetAddress source) {
    try {
      HttpTrackerQuery.Announce announce = HttpTrackerQuery.parseAnnounce(rawQuery, source, registry.config());
      if (!policy.allows(announce.request().infoHash())) {
        return HttpTrackerReplies.failure("unknown info_hash");
      }
      AnnounceReply reply = registry.announce(announce.request());
      return HttpTrackerReplies.announce(reply, announce.compact(), announce.noPeerId());
    } catch (TrackerRequestException e) {
      return HttpTrackerReplies.failure(e.getMessage());
    }
  }

  /** Answers {@code GET /scrape?rawQuery}; info-hashes the policy refuses are left out, as unknown ones are. */
  public byte[] scrape(String rawQuery) {
    try {
      List<InfoHash> allowed = new ArrayList<>();
      for (InfoHash hash : HttpTrackerQuery.parseScrape(rawQuery, registry.config())) {
        if (policy.allows(hash)) {
          allowed.add(hash);
        }
      }
      return HttpTrackerReplies.scrape(registry.scrape(allowed));
    } catch (TrackerRequestException e) {
      return HttpTrackerReplies.failure(e.getMessage());
    }
  }
}
