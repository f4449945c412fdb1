package io.seedfleet.engine.wire.extension;

/** A BEP 10 extension message (ut_metadata, ut_pex) that breaks its spec; the message says how. */
public final class ExtensionMessageException extends Exception {
  private static final long serialVersionUID = 1L;

  public ExtensionMessageException(String message) {
    super(message);
  }
}
