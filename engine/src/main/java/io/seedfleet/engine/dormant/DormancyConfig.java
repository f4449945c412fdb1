package io.seedfleet.engine.dormant;

import java.time.Duration;

/**
 * When torrents sleep (docs/adr/0013-dormant-torrents.md). Off by default: it needs fast resume
 * (the session's resume directory), and a session that does not restore torrents by itself keeps
 * the behaviour of one actor per torrent.
 *
 * @param idleAfter how long a torrent must stay idle (see {@link IdlePolicy}) before it sleeps
 * @param sweepInterval how often the session looks at its running torrents and saves the index
 * @param announceInterval how often a dormant torrent with trackers is woken to announce
 */
public record DormancyConfig(boolean enabled, Duration idleAfter, Duration sweepInterval, Duration announceInterval) {
  public static final DormancyConfig OFF =
      new DormancyConfig(false, Duration.ofMinutes(2), Duration.ofSeconds(30), Duration.ofMinutes(30));

  public DormancyConfig {
    if (idleAfter.isNegative() || !sweepInterval.isPositive() || !announceInterval.isPositive()) {
      throw new IllegalArgumentException("idleAfter must be >= 0, the intervals > 0");
    }
  }

  /** On, with the given timing. */
  public static DormancyConfig on(Duration idleAfter, Duration sweepInterval) {
    return new DormancyConfig(true, idleAfter, sweepInterval, OFF.announceInterval());
  }
}
