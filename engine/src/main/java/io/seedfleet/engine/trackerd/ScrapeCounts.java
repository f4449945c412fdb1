package io.seedfleet.engine.trackerd;

/** A swarm's counts as scrape reports them (BEP 48). */
public record ScrapeCounts(int complete, int incomplete, long downloaded) {
  public static final ScrapeCounts EMPTY = new ScrapeCounts(0, 0, 0);
}
