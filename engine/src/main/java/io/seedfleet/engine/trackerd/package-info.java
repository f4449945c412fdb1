/**
 * A built-in BitTorrent tracker's pure core, so a fleet needs no external tracker: the swarm
 * registry, the announce and scrape logic, the HTTP query parser and bencoded replies (BEP 3,
 * BEP 23, BEP 7, BEP 48) and the UDP tracker packet codec (BEP 15). No actor and no I/O here: the
 * servers in {@code trackerd.server} and in the ops module feed bytes in and send bytes out.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0003.html">BEP 3</a>
 * @see <a href="https://www.bittorrent.org/beps/bep_0015.html">BEP 15</a>
 */
package io.seedfleet.engine.trackerd;
