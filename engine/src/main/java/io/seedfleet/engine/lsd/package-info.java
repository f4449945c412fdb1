/**
 * Local Service Discovery (BEP 14) as pure code: the announcement datagram and its parser. The
 * multicast socket and the announce schedule live in {@code io.seedfleet.engine.discovery}.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0014.html">BEP 14</a>
 */
package io.seedfleet.engine.lsd;
