/**
 * Bencode (BEP 3): an iterative, limit-checked decoder ({@link
 * io.seedfleet.engine.bencode.BencodeDecoder}) that can report the raw span of any dictionary
 * value, the value types ({@link io.seedfleet.engine.bencode.BValue}), and a canonical encoder
 * ({@link io.seedfleet.engine.bencode.Bencode}). Pure: no Pekko, no I/O.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0003.html">BEP 3</a>
 */
package io.seedfleet.engine.bencode;
