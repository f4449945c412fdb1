package io.seedfleet.engine.wire;

/** Why a byte stream is not a valid sequence of peer messages. */
public enum WireError {
  /** A length prefix above the decoder's maximum (libtorrent's {@code packet_too_large}). */
  PACKET_TOO_LARGE,
  UNKNOWN_MESSAGE_ID,
  /** A known message with the wrong length for its kind. */
  INVALID_LENGTH,
  /** The handshake does not start with 19 and "BitTorrent protocol". */
  INVALID_HANDSHAKE
}
