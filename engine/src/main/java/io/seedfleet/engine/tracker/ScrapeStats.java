package io.seedfleet.engine.tracker;

/** One torrent's counts in a scrape reply; -1 where the tracker sent nothing usable. */
public record ScrapeStats(int seeders, int completed, int leechers) {}
