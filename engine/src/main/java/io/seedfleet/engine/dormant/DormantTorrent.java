package io.seedfleet.engine.dormant;

import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.torrent.TorrentState;
import io.seedfleet.engine.torrent.TorrentStatus;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What the session keeps of a dormant torrent: enough to answer a status query and to wake it,
 * and nothing that grows with the torrent's size (no piece hashes, no bitfield, no file list).
 *
 * @param downloadDir shared between the torrents that save into the same directory
 * @param state one of the states {@link IdlePolicy#mayStayDormant} accepts, or {@link
 *     TorrentState#ERROR} when waking failed; any other (a restored snapshot of a torrent that was
 *     downloading) is woken at once
 * @param wakeAtMillis wall-clock time its trackers are next due (it is woken to announce), 0 = none
 */
public record DormantTorrent(InfoHash infoHash, String name, Path downloadDir, TorrentState state, int pieceCount,
    int piecesVerified, int wantedRemaining, long totalLength, long bytesVerified, long bytesDownloaded,
    long bytesUploaded, long hashFailures, boolean isPrivate, boolean hasTrackers, long wakeAtMillis, String error) {

  public DormantTorrent {
    Objects.requireNonNull(infoHash, "infoHash");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(downloadDir, "downloadDir");
    Objects.requireNonNull(state, "state");
    if (pieceCount < 0 || piecesVerified < 0 || piecesVerified > pieceCount || wantedRemaining < 0
        || wantedRemaining > pieceCount) {
      throw new IllegalArgumentException(piecesVerified + " of " + pieceCount + " pieces, " + wantedRemaining + " wanted");
    }
    if (totalLength < 0 || bytesVerified < 0 || bytesVerified > totalLength || bytesDownloaded < 0 || bytesUploaded < 0
        || hashFailures < 0 || wakeAtMillis < 0) {
      throw new IllegalArgumentException("negative counter or more verified than the torrent holds");
    }
  }

  /** The record of a torrent that goes to sleep, from its last status. */
  public static DormantTorrent of(TorrentStatus status, Path downloadDir, boolean isPrivate, boolean hasTrackers,
      long wakeAtMillis) {
    return new DormantTorrent(status.infoHash(), status.name(), downloadDir, status.state(), status.pieceCount(),
        status.piecesVerified(), status.wantedRemaining(), status.totalLength(), status.bytesVerified(),
        status.bytesDownloaded(), status.bytesUploaded(), status.hashFailures(), isPrivate, hasTrackers, wakeAtMillis,
        status.error());
  }

  /** The status a running torrent in this state would report with no connection. */
  public TorrentStatus status() {
    return new TorrentStatus(infoHash, name, state, piecesVerified, pieceCount, wantedRemaining, totalLength,
        bytesVerified, bytesDownloaded, bytesUploaded, 0, 0, 0, 0, 0, hashFailures, 0, error);
  }

  /** Waking failed (e.g. its .torrent copy is gone): it stays a record, in ERROR, until removed or added again. */
  public DormantTorrent failed(String why) {
    return new DormantTorrent(infoHash, name, downloadDir, TorrentState.ERROR, pieceCount, piecesVerified,
        wantedRemaining, totalLength, bytesVerified, bytesDownloaded, bytesUploaded, hashFailures, isPrivate,
        hasTrackers, 0, why);
  }
}
