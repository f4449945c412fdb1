/**
 * Which blocks to request from which peer: {@link io.seedfleet.engine.picker.PiecePicker}, a plain
 * single-owner class (no actors, no Pekko). The ordering rules and data layout are explained in
 * {@code NOTES.md} next to the sources.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0003.html">BEP 3</a>
 */
package io.seedfleet.engine.picker;
