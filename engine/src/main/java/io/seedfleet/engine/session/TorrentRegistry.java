package io.seedfleet.engine.session;

import io.seedfleet.engine.dormant.DormantTorrent;
import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.engine.torrent.Torrent;
import io.seedfleet.engine.torrent.TorrentState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;

/** The session's torrents by info-hash, running or dormant. Owned by the {@link Session} actor. */
final class TorrentRegistry {
  private final Map<InfoHash, TorrentEntry> entries = new HashMap<>();
  /** One Path per download directory, shared by the entries and records that save there. */
  private final Map<Path, Path> directories = new HashMap<>();

  TorrentEntry get(InfoHash infoHash) {
    return entries.get(infoHash);
  }

  boolean contains(InfoHash infoHash) {
    return entries.containsKey(infoHash);
  }

  void put(TorrentEntry entry) {
    entries.put(entry.infoHash, entry);
  }

  TorrentEntry remove(InfoHash infoHash) {
    return entries.remove(infoHash);
  }

  int size() {
    return entries.size();
  }

  Collection<TorrentEntry> entries() {
    return entries.values();
  }

  Path directory(Path downloadDir) {
    return directories.computeIfAbsent(downloadDir, d -> d);
  }

  Map<InfoHash, ActorRef<Torrent.Command>> handles() {
    Map<InfoHash, ActorRef<Torrent.Command>> handles = new HashMap<>(entries.size() * 2);
    entries.forEach((infoHash, entry) -> handles.put(infoHash, entry.handle));
    return Map.copyOf(handles);
  }

  Session.DormancyStats stats(boolean restored, long sleeps, long wakes) {
    int running = 0;
    int dormant = 0;
    for (TorrentEntry entry : entries.values()) {
      switch (entry.phase) {
        case LIVE -> running++;
        case DORMANT -> dormant++;
        case SLEEPING, WAKING -> { }
      }
    }
    return new Session.DormancyStats(restored, running, dormant, entries.size() - running - dormant, sleeps, wakes);
  }

  /**
   * A record per torrent whose copy is saved: a dormant one's own, a running one's from its last
   * sweep, or, before its first sweep, one in CHECKING, which a restart wakes.
   */
  List<DormantTorrent> indexRecords() {
    List<DormantTorrent> records = new ArrayList<>(entries.size());
    for (TorrentEntry entry : entries.values()) {
      if (!entry.copySaved) {
        continue;
      }
      if (entry.dormant != null) {
        records.add(entry.dormant);
      } else if (entry.lastStatus != null) {
        records.add(DormantTorrent.of(entry.lastStatus, entry.downloadDir, entry.isPrivate, entry.hasTrackers, 0));
      } else if (entry.metainfo != null) {
        Metainfo m = entry.metainfo;
        records.add(new DormantTorrent(entry.infoHash, m.name(), entry.downloadDir, TorrentState.CHECKING,
            m.pieceCount(), 0, m.pieceCount(), m.totalLength(), 0, 0, 0, 0, entry.isPrivate, entry.hasTrackers, 0, null));
      }
    }
    return records;
  }

  /** An unclaimed, dormant entry for a torrent of the previous run. */
  TorrentEntry restored(DormantTorrent record, ActorRef<Torrent.Command> handle) {
    TorrentEntry entry = new TorrentEntry(record.infoHash(), directory(record.downloadDir()));
    entry.isPrivate = record.isPrivate();
    entry.hasTrackers = record.hasTrackers();
    entry.copySaved = true;
    entry.claimed = false;
    entry.phase = TorrentEntry.Phase.DORMANT;
    entry.dormant = record;
    entry.handle = handle;
    put(entry);
    return entry;
  }
}
