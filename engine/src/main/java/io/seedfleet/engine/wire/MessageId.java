package io.seedfleet.engine.wire;

/** Message ids on the wire. The lookup table rejects duplicate ids when the class loads. */
enum MessageId {
  // BEP 3
  CHOKE(0), UNCHOKE(1), INTERESTED(2), NOT_INTERESTED(3), HAVE(4), BITFIELD(5), REQUEST(6), PIECE(7), CANCEL(8),
  // BEP 5
  PORT(9),
  // BEP 6: Fast extension
  SUGGEST_PIECE(13), HAVE_ALL(14), HAVE_NONE(15), REJECT_REQUEST(16), ALLOWED_FAST(17),
  // BEP 10: Extension protocol
  EXTENDED(20);

  final int id;
  private static final MessageId[] BY_ID = new MessageId[256];

  static {
    for (MessageId m : values()) {
      if (BY_ID[m.id] != null) {
        throw new ExceptionInInitializerError("duplicate message id " + m.id);
      }
      BY_ID[m.id] = m;
    }
  }

  MessageId(int id) {
    this.id = id;
  }

  /** The message with this id, or null for an id we do not know. */
  static MessageId of(int id) {
    return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
  }
}
