/**
 * Dormant torrents (docs/adr/0013-dormant-torrents.md): a complete or paused torrent with no
 * connection and nothing due is held by the session as a {@link
 * io.seedfleet.engine.dormant.DormantTorrent} record, with no actor, picker or metainfo on the
 * heap, and woken from its {@code .torrent} copy and fast-resume snapshot when something needs it.
 * The {@link io.seedfleet.engine.dormant.DormantIndex} lets a restarted session know all of them
 * without parsing one {@code .torrent} file. No actor lives here.
 */
package io.seedfleet.engine.dormant;
