package io.seedfleet.engine.trackerd;

/**
 * A request the tracker refuses: malformed, over a limit, or against the policy. The message is
 * sent back to the client as the {@code failure reason}, so it names the problem without echoing
 * the client's bytes.
 */
public final class TrackerRequestException extends Exception {
  private static final long serialVersionUID = 1L;

  public TrackerRequestException(String message) {
    super(message, null, false, false);
  }
}
