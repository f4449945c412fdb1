package io.seedfleet.engine.dht;

/** A KRPC packet that cannot be used, with the reason. */
public final class KrpcException extends Exception {
  private static final long serialVersionUID = 1L;

  private final KrpcError error;

  public KrpcException(KrpcError error, String message) {
    super(error.name().toLowerCase(java.util.Locale.ROOT) + ": " + message);
    this.error = error;
  }

  public KrpcError error() {
    return error;
  }
}
