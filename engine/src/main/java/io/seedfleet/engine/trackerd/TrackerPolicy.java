package io.seedfleet.engine.trackerd;

import io.seedfleet.engine.metainfo.InfoHash;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Which info-hashes the tracker answers for. An open tracker answers any; a node's own tracker
 * answers only the torrents it knows (see {@link AllowedInfoHashes}), so strangers cannot use it to
 * run their swarms.
 */
public final class TrackerPolicy {
  private final Predicate<InfoHash> allowed;
  private final boolean open;

  private TrackerPolicy(Predicate<InfoHash> allowed, boolean open) {
    this.allowed = allowed;
    this.open = open;
  }

  /** Answers any info-hash. */
  public static TrackerPolicy open() {
    return new TrackerPolicy(hash -> true, true);
  }

  /** Answers only info-hashes {@code allowed} accepts; it is asked on every request, so it may change. */
  public static TrackerPolicy only(Predicate<InfoHash> allowed) {
    return new TrackerPolicy(Objects.requireNonNull(allowed), false);
  }

  public boolean allows(InfoHash infoHash) {
    return allowed.test(infoHash);
  }

  public boolean isOpen() {
    return open;
  }
}
