package io.seedfleet.engine.dht;

/** Why a KRPC packet was dropped. */
public enum KrpcError {
  /** Larger than {@link KrpcCodec#MAX_PACKET}; rejected before decoding. */
  PACKET_TOO_LARGE,
  /** Not bencode, or bencode over the DHT limits. */
  INVALID_BENCODING,
  /** Missing or malformed {@code t}. */
  BAD_TRANSACTION_ID,
  /** {@code y} absent or not one of q, r, e. */
  UNKNOWN_TYPE,
  /** A required field is missing or has the wrong type or size. */
  MISSING_OR_INVALID_FIELD
}
