package io.seedfleet.engine.bencode;

/**
 * A range {@code [start, end)} of the decoded input that holds one encoded value, exactly as it
 * appeared on the wire. Used to hash the raw {@code info} dictionary.
 */
public record Span(int start, int end) {
  public Span {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
    }
  }

  /** The number of bytes. */
  public int length() {
    return end - start;
  }
}
