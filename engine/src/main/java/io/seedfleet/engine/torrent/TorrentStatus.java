package io.seedfleet.engine.torrent;

import io.seedfleet.engine.metainfo.InfoHash;

/**
 * A snapshot of one torrent for status displays and the API.
 *
 * @param piecesVerified pieces whose hash passed and whose bytes are on disk
 * @param wantedRemaining wanted pieces not yet verified; 0 means the download is complete
 * @param checkProgress pieces examined by the start-up check, while {@code CHECKING}
 * @param piecesHashed pieces read and hashed by the latest check (start-up or recheck); a start
 *     from an exact resume snapshot hashes none
 */
public record TorrentStatus(
    InfoHash infoHash,
    String name,
    TorrentState state,
    int piecesVerified,
    int pieceCount,
    int wantedRemaining,
    long totalLength,
    long bytesVerified,
    long bytesDownloaded,
    long bytesUploaded,
    long downloadRate,
    long uploadRate,
    int connectedPeers,
    int checkProgress,
    int piecesHashed,
    long hashFailures,
    int bannedPeers,
    String error) {

  /** Fraction of all pieces verified, 0..1. */
  public double progress() {
    return pieceCount == 0 ? 1.0 : (double) piecesVerified / pieceCount;
  }

  public boolean complete() {
    return wantedRemaining == 0 && (state == TorrentState.SEEDING || state == TorrentState.PAUSED);
  }
}
