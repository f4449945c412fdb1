package io.seedfleet.engine.wire;

import java.util.Objects;

/**
 * The outcome of a {@link HandshakeCodec} decode: a value, a need for more bytes (nothing was
 * consumed), or a failure that must close the connection.
 *
 * @param <T> what was being decoded
 */
public sealed interface HandshakeResult<T> {

  /**
   * Decoded; the bytes were consumed.
   *
   * @param value the decoded value
   */
  record Decoded<T>(T value) implements HandshakeResult<T> {
    public Decoded {
      Objects.requireNonNull(value);
    }
  }

  /**
   * Too few bytes so far; nothing was consumed. Call again with more.
   *
   * @param missingBytes at least this many more bytes are needed
   */
  record NeedMore<T>(int missingBytes) implements HandshakeResult<T> {}

  /**
   * Not a BitTorrent handshake.
   *
   * @param error the machine-readable reason
   * @param message a human explanation with the offending bytes
   */
  record Failure<T>(HandshakeError error, String message) implements HandshakeResult<T> {
    public Failure {
      Objects.requireNonNull(error);
      Objects.requireNonNull(message);
    }
  }
}
