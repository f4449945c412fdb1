/**
 * Who we upload to: {@link io.seedfleet.engine.choke.Choker}, a pure function over
 * {@link io.seedfleet.engine.choke.PeerSnapshot}s plus a little optimistic-unchoke state (LT
 * {@code choker.cpp}, {@code unchoke_sort}). Tit-for-tat when leeching, round-robin by upload rate
 * when seeding, one optimistic slot in both.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0003.html">BEP 3</a>
 */
package io.seedfleet.engine.choke;
