package io.seedfleet.engine.bencode;

/** Why bencoded input was rejected. Names follow libtorrent's bdecode errors where one exists. */
public enum BencodeError {
  /** A byte that cannot start or continue a value, or an otherwise malformed token. */
  INVALID_BENCODING,
  /** Containers nested deeper than the limit. */
  DEPTH_EXCEEDED,
  /** More values and keys than the limit. */
  TOKEN_LIMIT,
  /** An integer or a string length that does not fit int64 or the digit limit. */
  OVERFLOW,
  /** The input ended inside a value, or a string claims more bytes than are left. */
  UNEXPECTED_EOF,
  /** {@code i03e}, {@code i-0e}, or (in strict mode) a string length like {@code 03:}. */
  LEADING_ZERO,
  /** Strict mode: dictionary keys not in ascending raw-byte order. */
  UNSORTED_KEYS,
  /** The same key twice in one dictionary (rejected in both modes). */
  DUPLICATE_KEY,
  /** Bytes after the top-level value, when the caller did not allow them. */
  TRAILING_DATA,
  /** A byte string longer than the limit. */
  STRING_TOO_LONG,
  /** The whole input is larger than the limit. */
  INPUT_TOO_LARGE,
  /** Well-formed bencode of the wrong shape for the caller (e.g. a list where a dict belongs). */
  UNEXPECTED_TYPE
}
