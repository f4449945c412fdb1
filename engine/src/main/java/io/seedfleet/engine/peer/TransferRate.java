package io.seedfleet.engine.peer;

/**
 * A rate in bytes per second, smoothed exponentially over ticks so that one quiet second does not
 * swing the choker or the request pipeline. Not thread-safe: one actor owns it.
 */
public final class TransferRate {
  private long total;
  private long sinceTick;
  private double perSecond;

  public void add(long bytes) {
    total += bytes;
    sinceTick += bytes;
  }

  /** Closes a measuring interval of {@code seconds}. */
  public void tick(double seconds) {
    double sample = sinceTick / Math.max(seconds, 1e-3);
    perSecond = perSecond == 0 ? sample : perSecond * 0.5 + sample * 0.5;
    sinceTick = 0;
  }

  public long perSecond() {
    return (long) perSecond;
  }

  public long total() {
    return total;
  }
}
