package io.seedfleet.engine.choke;

/**
 * One connection as the choker sees it at the start of a round. Immutable; built by the torrent.
 *
 * @param peer the connection's opaque id
 * @param interested the peer is interested in us (it wants to download)
 * @param snubbed the peer has not sent us a block for a while although we asked (leecher mode
 *     gives it no regular slot)
 * @param downloadRate bytes/s we received from it over the last round
 * @param uploadRate bytes/s we sent to it over the last round
 * @param unchoked we are currently not choking it
 * @param unchokedAtNanos when we last unchoked it (monotonic nanos, the clock passed to
 *     {@link Choker#decide}); only meaningful while {@code unchoked}
 * @param isSeed the peer has every piece
 */
public record PeerSnapshot(
    int peer,
    boolean interested,
    boolean snubbed,
    long downloadRate,
    long uploadRate,
    boolean unchoked,
    long unchokedAtNanos,
    boolean isSeed) {
  public PeerSnapshot {
    if (downloadRate < 0 || uploadRate < 0) {
      throw new IllegalArgumentException("negative rate for peer " + peer);
    }
  }
}
