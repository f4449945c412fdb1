package io.seedfleet.engine.metainfo;

import java.util.Locale;

/** A magnet link that cannot be used, with a typed reason and a message naming the problem. */
public final class MagnetException extends Exception {
  private static final long serialVersionUID = 1L;

  private final MagnetError error;

  public MagnetException(MagnetError error, String message) {
    super(error.name().toLowerCase(Locale.ROOT) + ": " + message);
    this.error = error;
  }

  /** The reason. */
  public MagnetError error() {
    return error;
  }
}
