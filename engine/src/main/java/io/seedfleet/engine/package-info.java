/**
 * The BitTorrent engine of one node.
 *
 * <h2>Glossary</h2>
 *
 * <ul>
 *   <li><b>piece</b>: the unit that is hashed (SHA-1 in v1) and announced with HAVE; all pieces
 *       have the torrent's piece length but the last, which may be shorter.
 *   <li><b>block</b>: the 16 KiB unit of REQUEST and PIECE messages; a piece's last block may be
 *       shorter.
 *   <li><b>peer</b>: another client we know of (an address, maybe a peer id).
 *   <li><b>connection</b>: a live TCP connection to a peer, one {@code PeerConnection} actor each.
 *   <li><b>have</b>: a piece whose hash passed over the bytes that are on disk. Nothing else counts.
 *   <li><b>wanted</b>: a piece whose priority is above zero (some file in it is to be downloaded).
 * </ul>
 *
 * <h2>Layout</h2>
 *
 * Pure protocol code with no actor in it: {@code bencode}, {@code metainfo}, {@code wire},
 * {@code picker}, {@code choke}, {@code storage}. The byte mover: {@code net} (an NIO selector
 * loop). Actors: {@code session.Session} (the root), {@code torrent.Torrent},
 * {@code torrent.PiecePickerActor}, {@code peer.PeerConnection}.
 */
package io.seedfleet.engine;
