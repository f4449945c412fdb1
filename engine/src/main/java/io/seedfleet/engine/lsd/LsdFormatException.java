package io.seedfleet.engine.lsd;

/** A datagram on the LSD group that is not a well-formed BEP 14 announcement. */
public final class LsdFormatException extends Exception {
  public LsdFormatException(String message) {
    super(message);
  }
}
