package io.seedfleet.engine.wire;

/**
 * The outcome of one {@link WireDecoder#decode} call: {@link #OK} (the decoded messages, if any,
 * were appended to the caller's list) or a {@link Failure}, after which the connection must be
 * closed.
 */
public sealed interface DecodeResult {
  /** Every byte was consumed without error; a partial frame may be kept for the next call. */
  DecodeResult OK = Ok.INSTANCE;

  /** Whether this is {@link #OK}. */
  default boolean isOk() {
    return this == OK;
  }

  /** The only success value. */
  enum Ok implements DecodeResult {
    INSTANCE
  }

  /**
   * The stream is malformed.
   *
   * @param error the machine-readable reason, for counters and tests
   * @param message a human explanation with the offending values, for the log line
   */
  record Failure(WireError error, String message) implements DecodeResult {
    public Failure {
      java.util.Objects.requireNonNull(error);
      java.util.Objects.requireNonNull(message);
    }
  }
}
