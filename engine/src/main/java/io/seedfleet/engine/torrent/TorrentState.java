package io.seedfleet.engine.torrent;

/** Where a torrent is in its life. */
public enum TorrentState {
  /** Verifying the data already on disk. */
  CHECKING,
  DOWNLOADING,
  /** Every wanted piece is verified and on disk. */
  SEEDING,
  PAUSED,
  /** Waiting for a free slot: more torrents want to run than the queue limits allow. */
  QUEUED,
  /** Complete and stopped because its seed goal (ratio or seed time) was reached. */
  FINISHED,
  /** Stopped by a fault it cannot work around (e.g. a disk error); see the status's error. */
  ERROR
}
