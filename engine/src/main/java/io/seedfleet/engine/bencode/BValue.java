package io.seedfleet.engine.bencode;

/**
 * A decoded bencode value: an integer, a byte string, a list or a dictionary.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0003.html">BEP 3: bencoding</a>
 */
public sealed interface BValue permits BInt, BBytes, BList, BDict {}
