package io.seedfleet.ops.fleet;

import io.seedfleet.cluster.FleetNode;
import io.seedfleet.engine.torrent.TorrentState;
import io.seedfleet.proto.cluster.v1.TorrentSpec;
import io.seedfleet.proto.cluster.v1.TorrentStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code GET /api/v1/stats} shows: this node's engine (every torrent it runs, published seeds
 * included) and the whole fleet as the catalogue's replicas report it. Byte totals are those the
 * torrents report now; a torrent that restarts counts again from zero (the counters on /metrics
 * do not).
 */
final class StatsView {
  /** A catalogue entry with what its replicas report. */
  record Entry(TorrentSpec spec, List<TorrentStatus> replicas) {}

  private StatsView() {}

  static Map<String, Object> node(String address, List<io.seedfleet.engine.torrent.TorrentStatus> torrents) {
    Map<String, Integer> byState = new LinkedHashMap<>();
    for (TorrentState s : TorrentState.values()) {
      byState.put(s.name().toLowerCase(Locale.ROOT), 0);
    }
    torrents.forEach(t -> byState.merge(t.state().name().toLowerCase(Locale.ROOT), 1, Integer::sum));
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("address", address);
    view.put("torrents", torrents.size());
    view.put("torrentsByState", byState);
    view.put("downloadRate", torrents.stream().mapToLong(io.seedfleet.engine.torrent.TorrentStatus::downloadRate).sum());
    view.put("uploadRate", torrents.stream().mapToLong(io.seedfleet.engine.torrent.TorrentStatus::uploadRate).sum());
    view.put("bytesDownloaded", torrents.stream().mapToLong(io.seedfleet.engine.torrent.TorrentStatus::bytesDownloaded).sum());
    view.put("bytesUploaded", torrents.stream().mapToLong(io.seedfleet.engine.torrent.TorrentStatus::bytesUploaded).sum());
    view.put("peers", torrents.stream().mapToInt(io.seedfleet.engine.torrent.TorrentStatus::connectedPeers).sum());
    view.put("hashFailures", torrents.stream().mapToLong(io.seedfleet.engine.torrent.TorrentStatus::hashFailures).sum());
    view.put("bannedPeers", torrents.stream().mapToInt(io.seedfleet.engine.torrent.TorrentStatus::bannedPeers).sum());
    return view;
  }

  static Map<String, Object> fleet(List<Entry> catalogue, List<FleetNode.MemberInfo> members) {
    Map<String, Integer> torrentsByState = zeroPerState();
    Map<String, Integer> replicasByState = zeroPerState();
    long down = 0;
    long up = 0;
    long downloaded = 0;
    long uploaded = 0;
    long peers = 0;
    int replicas = 0;
    for (Entry entry : catalogue) {
      torrentsByState.merge(TorrentViews.state(entry.spec(), entry.replicas()), 1, Integer::sum);
      for (TorrentStatus r : entry.replicas()) {
        String state = TorrentViews.name(r.getState());
        replicasByState.merge(replicasByState.containsKey(state) ? state : "unknown", 1, Integer::sum);
        replicas++;
        down += r.getDownloadRate();
        up += r.getUploadRate();
        downloaded += r.getBytesDownloaded();
        uploaded += r.getBytesUploaded();
        peers += r.getConnectedPeers();
      }
    }
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("torrents", catalogue.size());
    view.put("torrentsByState", torrentsByState);
    view.put("replicas", replicas);
    view.put("replicasByState", replicasByState);
    view.put("downloadRate", down);
    view.put("uploadRate", up);
    view.put("bytesDownloaded", downloaded);
    view.put("bytesUploaded", uploaded);
    view.put("peers", peers);
    view.put("nodes", members.size());
    view.put("nodesUp", members.stream().filter(m -> m.status().equals("Up") && m.reachable()).count());
    return view;
  }

  private static Map<String, Integer> zeroPerState() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    TorrentViews.STATES.forEach(s -> counts.put(s, 0));
    return counts;
  }
}
