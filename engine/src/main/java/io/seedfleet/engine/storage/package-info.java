/**
 * A torrent's files on disk: {@link io.seedfleet.engine.storage.PieceLayout} maps pieces to
 * files, {@link io.seedfleet.engine.storage.SafePaths} keeps every path under the download root,
 * and {@link io.seedfleet.engine.storage.TorrentStorage} reads, writes and hash-checks blocks.
 *
 * <p>Pure Java, no actors: the engine calls it from a dedicated disk thread pool. Every failure
 * is a {@link io.seedfleet.engine.storage.StorageException} with a
 * {@link io.seedfleet.engine.storage.StorageError} code.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0003.html">BEP 3</a>
 * @see <a href="https://www.bittorrent.org/beps/bep_0047.html">BEP 47 (padding files)</a>
 */
package io.seedfleet.engine.storage;
