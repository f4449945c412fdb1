package io.seedfleet.engine.wire;

/**
 * Why {@link WireDecoder} rejected a byte stream. Every one of them means the peer does not speak
 * the protocol (or attacks it): the connection must be closed.
 */
public enum WireError {
  /**
   * A length prefix above the decoder's maximum (including negative as signed, e.g. 0xFFFFFFFF).
   */
  PACKET_TOO_LARGE,
  /** A message id that neither BEP 3, BEP 5, BEP 6 nor BEP 10 defines. */
  UNKNOWN_MESSAGE_ID,
  /** A frame whose length does not fit its message id (e.g. HAVE with a length other than 5). */
  INVALID_LENGTH,
  /** A field whose value cannot be valid for any torrent (an index or offset of 2^31 or more). */
  FIELD_OUT_OF_RANGE
}
