/**
 * .torrent files: {@link io.seedfleet.engine.metainfo.Metainfo} parses and validates them
 * (v1 and hybrid v1+v2), {@link io.seedfleet.engine.metainfo.PathSanitizer} makes their paths
 * safe, and {@link io.seedfleet.engine.metainfo.TorrentCreator} makes new ones. Pure: no Pekko.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0003.html">BEP 3</a>
 */
package io.seedfleet.engine.metainfo;
