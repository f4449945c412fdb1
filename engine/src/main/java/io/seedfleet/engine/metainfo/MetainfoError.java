package io.seedfleet.engine.metainfo;

/**
 * Why a .torrent file was rejected. Names follow libtorrent's errors where one exists (for
 * example {@code invalid_piece_length}, {@code too_many_pieces_in_torrent}).
 */
public enum MetainfoError {
  /** The file is larger than {@link Metainfo#MAX_TORRENT_SIZE}. */
  TOO_LARGE,
  /** Not valid bencode, or the info dict is not canonical; see the bencode error inside. */
  INVALID_BENCODING,
  /** The top-level value is not a dictionary. */
  TORRENT_IS_NO_DICT,
  /** No {@code info} dictionary. */
  MISSING_INFO,
  /** No {@code name} in the info dictionary. */
  MISSING_NAME,
  /** No integer {@code piece length}. */
  MISSING_PIECE_LENGTH,
  /** {@code piece length} is 0, negative, not a multiple of 16 KiB, or above 128 MiB. */
  INVALID_PIECE_LENGTH,
  /** No {@code pieces} byte string. */
  MISSING_PIECES,
  /** {@code pieces} is not a multiple of 20 bytes. */
  INVALID_HASHES,
  /** The number of hashes does not match the total length and the piece length. */
  PIECE_COUNT_MISMATCH,
  /** A file length that is missing, negative, or whose sum overflows int64. */
  INVALID_LENGTH,
  /** More pieces than {@link Metainfo#MAX_PIECES}. */
  TOO_MANY_PIECES,
  /** No files, or only empty files: nothing to download. */
  NO_FILES,
  /** A malformed file path: not a list of strings, empty, too deep or too long. */
  INVALID_PATH,
  /** More files with the same name (after sanitising) than can be told apart. */
  TOO_MANY_DUPLICATE_FILENAMES,
  /** A BEP 52 v2-only torrent; only v1 and hybrid v1+v2 torrents are supported. */
  V2_ONLY_UNSUPPORTED
}
