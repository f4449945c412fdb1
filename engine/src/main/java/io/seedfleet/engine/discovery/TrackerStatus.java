package io.seedfleet.engine.discovery;

import java.time.Instant;

/**
 * One tracker as the admin API shows it.
 *
 * @param lastResult "never", "ok", or the last error
 * @param nextAnnounce when we plan to ask it next; null when it is disabled or another tracker is in use
 * @param peersSeen peers it has given us in total
 * @param warning its last {@code warning message}, or null
 */
public record TrackerStatus(
    String url,
    String lastResult,
    Instant nextAnnounce,
    long peersSeen,
    int seeders,
    int leechers,
    String warning,
    int consecutiveFailures,
    boolean disabled) {}
