package io.seedfleet.engine.tracker;

/**
 * The {@code event} of an announce. The HTTP name is empty for a regular announce; the UDP code is
 * the BEP 15 number.
 */
public enum TrackerEvent {
  NONE("", 0),
  COMPLETED("completed", 1),
  STARTED("started", 2),
  STOPPED("stopped", 3);

  private final String httpName;
  private final int udpCode;

  TrackerEvent(String httpName, int udpCode) {
    this.httpName = httpName;
    this.udpCode = udpCode;
  }

  public String httpName() {
    return httpName;
  }

  public int udpCode() {
    return udpCode;
  }
}
