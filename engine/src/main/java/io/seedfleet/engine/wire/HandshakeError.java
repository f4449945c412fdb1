package io.seedfleet.engine.wire;

/** Why {@link HandshakeCodec} rejected a handshake; the connection must be closed. */
public enum HandshakeError {
  /** The first byte is not 19 (e.g. an encrypted MSE/PE stream, or another protocol). */
  WRONG_PROTOCOL_LENGTH,
  /** The 19 bytes after it are not {@code BitTorrent protocol}. */
  WRONG_PROTOCOL
}
