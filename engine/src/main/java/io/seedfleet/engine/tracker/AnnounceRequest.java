package io.seedfleet.engine.tracker;

import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.wire.PeerId;

/**
 * What we tell a tracker in one announce.
 *
 * @param key a random number fixed for the session, so a tracker can recognise us after an IP change
 * @param numWant how many peers we ask for
 * @param trackerId the {@code tracker id} the tracker gave us before, echoed back; null if none
 */
public record AnnounceRequest(
    InfoHash infoHash,
    PeerId peerId,
    int port,
    long uploaded,
    long downloaded,
    long left,
    TrackerEvent event,
    int key,
    int numWant,
    String trackerId) {

  public AnnounceRequest {
    if (port < 0 || port > 0xFFFF) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (uploaded < 0 || downloaded < 0 || left < 0) {
      throw new IllegalArgumentException("byte counts must not be negative");
    }
  }

  public AnnounceRequest withEvent(TrackerEvent value) {
    return new AnnounceRequest(infoHash, peerId, port, uploaded, downloaded, left, value, key, numWant, trackerId);
  }
}
