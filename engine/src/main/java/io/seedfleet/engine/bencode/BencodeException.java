package io.seedfleet.engine.bencode;

/** Malformed or over-limit bencoded input, with the reason and the byte offset where it was seen. */
public final class BencodeException extends Exception {
  private static final long serialVersionUID = 1L;

  private final BencodeError error;
  private final int offset;

  public BencodeException(BencodeError error, int offset, String message) {
    super(error.name().toLowerCase(java.util.Locale.ROOT) + " at offset " + offset + ": " + message);
    this.error = error;
    this.offset = offset;
  }

  /** The reason. */
  public BencodeError error() {
    return error;
  }

  /** The offset in the input (relative to the start of the decoded range) where it was seen. */
  public int offset() {
    return offset;
  }
}
