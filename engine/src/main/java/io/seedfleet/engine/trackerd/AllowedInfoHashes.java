package io.seedfleet.engine.trackerd;

import io.seedfleet.engine.metainfo.InfoHash;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The info-hashes a node's tracker answers for, updated by the node as torrents come and go. Safe
 * to update from one thread while the tracker's threads read it.
 */
public final class AllowedInfoHashes implements Predicate<InfoHash> {
  private final Set<InfoHash> hashes = ConcurrentHashMap.newKeySet();

  public void add(InfoHash infoHash) {
    hashes.add(infoHash);
  }

  public void remove(InfoHash infoHash) {
    hashes.remove(infoHash);
  }

  public int size() {
    return hashes.size();
  }

  @Override
  public boolean test(InfoHash infoHash) {
    return hashes.contains(infoHash);
  }
}
