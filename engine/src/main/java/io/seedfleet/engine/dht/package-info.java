/**
 * The Mainline DHT (BEP 5) without I/O: the KRPC codec, node ids, the k-bucket routing table, the
 * iterative lookup state machine, tokens, the announced-peer store and rate limits. The actor that
 * owns the UDP socket lives in {@code io.seedfleet.engine.dht.node}.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0005.html">BEP 5</a>
 */
package io.seedfleet.engine.dht;
