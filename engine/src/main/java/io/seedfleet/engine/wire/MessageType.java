package io.seedfleet.engine.wire;

/**
 * The one-byte message ids of the peer wire protocol, grouped by the BEP that defines them. A
 * keep-alive has no id (it is a frame of length zero) and so has no entry here.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0003.html">BEP 3</a>
 * @see <a href="https://www.bittorrent.org/beps/bep_0005.html">BEP 5 (port)</a>
 * @see <a href="https://www.bittorrent.org/beps/bep_0006.html">BEP 6 (fast extension)</a>
 * @see <a href="https://www.bittorrent.org/beps/bep_0010.html">BEP 10 (extension protocol)</a>
 */
public enum MessageType {
  // BEP 3
  CHOKE(0),
  UNCHOKE(1),
  INTERESTED(2),
  NOT_INTERESTED(3),
  HAVE(4),
  BITFIELD(5),
  REQUEST(6),
  PIECE(7),
  CANCEL(8),
  // BEP 5: DHT
  PORT(9),
  // BEP 6: Fast extension
  SUGGEST_PIECE(0x0D),
  HAVE_ALL(0x0E),
  HAVE_NONE(0x0F),
  REJECT_REQUEST(0x10),
  ALLOWED_FAST(0x11),
  // BEP 10: Extension protocol
  EXTENDED(20);

  /** Indexed by id; null where no message has that id. Built once, failing on duplicate ids. */
  private static final MessageType[] BY_ID = buildTable();

  private final int id;

  MessageType(int id) {
    this.id = id;
  }

  /** The id byte on the wire, 0..255. */
  public int id() {
    return id;
  }

  /**
   * The type with the given id byte.
   *
   * @param id the id byte as an unsigned value 0..255 (other values give null)
   * @return the type, or null when no known message has this id
   */
  public static MessageType forId(int id) {
    return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
  }

  private static MessageType[] buildTable() {
    MessageType[] table = new MessageType[256];
    for (MessageType type : values()) {
      if (table[type.id] != null) {
        throw new ExceptionInInitializerError(
            "duplicate message id " + type.id + ": " + table[type.id] + " and " + type);
      }
      table[type.id] = type;
    }
    return table;
  }
}
