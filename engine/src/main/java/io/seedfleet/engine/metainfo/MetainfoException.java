package io.seedfleet.engine.metainfo;

import io.seedfleet.engine.bencode.BencodeError;
import io.seedfleet.engine.bencode.BencodeException;
import java.util.Locale;
import java.util.Optional;

/** A .torrent file that cannot be used, with a typed reason and a human message. */
public final class MetainfoException extends Exception {
  private static final long serialVersionUID = 1L;

  private final MetainfoError error;
  private final BencodeError bencodeError;

  public MetainfoException(MetainfoError error, String message) {
    super(error.name().toLowerCase(Locale.ROOT) + ": " + message);
    this.error = error;
    this.bencodeError = null;
  }

  /** Wraps a bencode failure as {@link MetainfoError#INVALID_BENCODING}. */
  public MetainfoException(String where, BencodeException cause) {
    super("invalid_bencoding: " + where + ": " + cause.getMessage(), cause);
    this.error = MetainfoError.INVALID_BENCODING;
    this.bencodeError = cause.error();
  }

  /** The reason. */
  public MetainfoError error() {
    return error;
  }

  /** For {@link MetainfoError#INVALID_BENCODING}: the bencode reason. */
  public Optional<BencodeError> bencodeError() {
    return Optional.ofNullable(bencodeError);
  }
}
