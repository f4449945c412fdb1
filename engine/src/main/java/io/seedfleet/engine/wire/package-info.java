/**
 * The BitTorrent peer wire protocol as pure code: the handshake ({@link
 * io.seedfleet.engine.wire.HandshakeCodec}), the message model ({@link
 * io.seedfleet.engine.wire.PeerMessage}), an incremental frame decoder and an encoder ({@link
 * io.seedfleet.engine.wire.WireDecoder}, {@link io.seedfleet.engine.wire.WireEncoder}), and the
 * checks that need the torrent's geometry ({@link io.seedfleet.engine.wire.WireRules}). No actor,
 * no I/O, no Pekko: the peer connection actor feeds bytes in and takes messages out.
 *
 * <p>After the 68-byte handshake, every message is a frame: a big-endian uint32 length, then that
 * many bytes, the first of which is the message id. All integers are big-endian uint32 unless
 * noted; {@code len} is the value of the length prefix.
 *
 * <pre>
 * message         BEP  id    len        payload after the id
 * --------------  ---  ----  ---------  ------------------------------------------------
 * keep-alive       3   -     0          (no id, no payload)
 * choke            3   0     1          -
 * unchoke          3   1     1          -
 * interested       3   2     1          -
 * not interested   3   3     1          -
 * have             3   4     5          piece
 * bitfield         3   5     1 + n      n = ceil(pieces / 8) bytes, piece 0 = high bit of byte 0
 * request          3   6     13         piece, begin, length
 * piece            3   7     9 + n      piece, begin, n bytes of block
 * cancel           3   8     13         piece, begin, length
 * port             5   9     3          uint16 UDP port of the DHT node
 * suggest piece    6   0x0D  5          piece
 * have all         6   0x0E  1          -
 * have none        6   0x0F  1          -
 * reject request   6   0x10  13         piece, begin, length
 * allowed fast     6   0x11  5          piece
 * extended        10   20    2 + n      uint8 extended id (0 = extended handshake), n bytes
 * </pre>
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0003.html">BEP 3</a>
 * @see <a href="https://www.bittorrent.org/beps/bep_0005.html">BEP 5</a>
 * @see <a href="https://www.bittorrent.org/beps/bep_0006.html">BEP 6</a>
 * @see <a href="https://www.bittorrent.org/beps/bep_0010.html">BEP 10</a>
 */
package io.seedfleet.engine.wire;
