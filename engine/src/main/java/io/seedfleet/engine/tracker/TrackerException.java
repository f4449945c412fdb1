package io.seedfleet.engine.tracker;

/**
 * A tracker could not be used this time, with the reason. {@code permanent} means it must not be
 * asked again for this torrent (HTTP 410, an unsupported URL); anything else is retried after a
 * back-off.
 */
public final class TrackerException extends Exception {
  private final boolean permanent;

  public TrackerException(String message) {
    this(message, false);
  }

  public TrackerException(String message, boolean permanent) {
    super(message);
    this.permanent = permanent;
  }

  public boolean permanent() {
    return permanent;
  }
}
