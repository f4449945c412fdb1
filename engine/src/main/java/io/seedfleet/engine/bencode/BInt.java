package io.seedfleet.engine.bencode;

/** A bencoded integer ({@code i42e}), limited to int64 as libtorrent does. */
public record BInt(long value) implements BValue {
  private static final int CACHE_LOW = -128;
  private static final int CACHE_HIGH = 1024;
  private static final BInt[] CACHE = new BInt[CACHE_HIGH - CACHE_LOW + 1];

  static {
    for (int i = 0; i < CACHE.length; i++) {
      CACHE[i] = new BInt(i + CACHE_LOW);
    }
  }

  /**
   * Returns a shared instance for small values. The decoder uses it so that a flood of {@code i0e}
   * tokens costs a list slot each, not an object each.
   */
  public static BInt of(long value) {
    if (value >= CACHE_LOW && value <= CACHE_HIGH) {
      return CACHE[(int) value - CACHE_LOW];
    }
    return new BInt(value);
  }

  /** The value as an {@code int}, or {@code fallback} when it does not fit. */
  public int intValueOr(int fallback) {
    return value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE ? (int) value : fallback;
  }
}
