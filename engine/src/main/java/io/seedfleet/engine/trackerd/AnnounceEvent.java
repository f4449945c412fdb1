package io.seedfleet.engine.trackerd;

/**
 * The {@code event} of an announce. The UDP codes differ from the enum order on purpose: they are
 * BEP 15's (0 none, 1 completed, 2 started, 3 stopped).
 */
public enum AnnounceEvent {
  NONE(0),
  COMPLETED(1),
  STARTED(2),
  STOPPED(3);

  private final int udpCode;

  AnnounceEvent(int udpCode) {
    this.udpCode = udpCode;
  }

  public int udpCode() {
    return udpCode;
  }

  /** The event for a BEP 15 code; unknown codes are treated as a regular announce, as opentracker does. */
  public static AnnounceEvent fromUdpCode(int code) {
    return switch (code) {
      case 1 -> COMPLETED;
      case 2 -> STARTED;
      case 3 -> STOPPED;
      default -> NONE;
    };
  }
}
