package io.seedfleet.engine.metainfo;

/** Why a magnet link was rejected. */
public enum MagnetError {
  /** Longer than {@link MagnetLink#MAX_LENGTH} characters. */
  TOO_LONG,
  /** Does not start with {@code magnet:?}. */
  NOT_A_MAGNET,
  /** A {@code %} escape that is not two hex digits, or bytes that are not UTF-8. */
  INVALID_ENCODING,
  /** No {@code xt=urn:btih:} (and no {@code urn:btmh:} either). */
  MISSING_INFO_HASH,
  /** A {@code urn:btih:} that is neither 40 hex nor 32 base32 characters. */
  INVALID_INFO_HASH,
  /** Two {@code urn:btih:} values that differ. */
  CONFLICTING_INFO_HASHES,
  /** Only a BEP 52 {@code urn:btmh:} (v2) hash: this engine joins swarms by the v1 hash. */
  V2_ONLY_UNSUPPORTED,
  /** An {@code x.pe} that is not {@code host:port} or {@code [ipv6]:port}. */
  INVALID_PEER,
  /** A BEP 53 {@code so} that is not a list of indices and ranges. */
  INVALID_SELECT_ONLY
}
