package io.seedfleet.engine.wire;

/**
 * The outcome of feeding bytes to a {@link WireDecoder}: {@link #OK}, or an error after which the
 * connection must be closed.
 */
public record DecodeResult(WireError error, String message) {
  public static final DecodeResult OK = new DecodeResult(null, "ok");

  public boolean isOk() {
    return error == null;
  }

  static DecodeResult failure(WireError error, String message) {
    return new DecodeResult(error, message);
  }

  @Override
  public String toString() {
    return isOk() ? "ok" : error + ": " + message;
  }
}
