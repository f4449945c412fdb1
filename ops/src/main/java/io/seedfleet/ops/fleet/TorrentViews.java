package io.seedfleet.ops.fleet;

import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.engine.metainfo.MetainfoException;
import io.seedfleet.proto.cluster.v1.TorrentSpec;
import io.seedfleet.proto.cluster.v1.TorrentStatus;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** How the admin API shows torrents: catalogue entries joined with what their replicas report. */
final class TorrentViews {
  /** Replica states from best to worst: a torrent is as good as its best replica. */
  private static final List<TorrentStatus.State> RANK = List.of(TorrentStatus.State.SEEDING,
      TorrentStatus.State.DOWNLOADING, TorrentStatus.State.CHECKING, TorrentStatus.State.STARTING,
      TorrentStatus.State.FINISHED, TorrentStatus.State.QUEUED, TorrentStatus.State.PAUSED, TorrentStatus.State.CO_LOCATED,
      TorrentStatus.State.ERROR, TorrentStatus.State.UNKNOWN);
  /** Every state a torrent or replica can show, best first. */
  static final List<String> STATES = RANK.stream().map(TorrentViews::name).toList();

  private TorrentViews() {}

  static Map<String, Object> summary(TorrentSpec spec, List<TorrentStatus> replicas) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("infoHash", HexFormat.of().formatHex(spec.getInfoHash().toByteArray()));
    Metainfo metainfo = spec.getName().isEmpty() ? metainfo(spec) : null; // older entries carry the whole .torrent
    view.put("name", metainfo != null ? metainfo.name() : spec.getName());
    view.put("size", metainfo != null ? metainfo.totalLength() : spec.getTotalLength());
    view.put("state", state(spec, replicas));
    view.put("progress", replicas.stream().mapToDouble(TorrentViews::progress).max().orElse(0));
    view.put("replicaCount", spec.getReplicas());
    view.put("labels", List.copyOf(spec.getLabelsList()));
    view.put("paused", spec.getPaused());
    view.put("downloadRate", replicas.stream().mapToLong(TorrentStatus::getDownloadRate).sum());
    view.put("uploadRate", replicas.stream().mapToLong(TorrentStatus::getUploadRate).sum());
    return view;
  }

  static Map<String, Object> detail(TorrentSpec spec, List<TorrentStatus> replicas) {
    Map<String, Object> view = summary(spec, replicas);
    List<Map<String, Object>> list = new ArrayList<>();
    for (TorrentStatus r : replicas) {
      Map<String, Object> replica = new LinkedHashMap<>();
      replica.put("replica", r.getReplica());
      replica.put("node", r.getNode());
      replica.put("btAddress", r.getBtAddress());
      replica.put("state", name(r.getState()));
      replica.put("progress", progress(r));
      replica.put("piecesVerified", r.getPiecesVerified());
      replica.put("pieceCount", r.getPieceCount());
      replica.put("bytesDownloaded", r.getBytesDownloaded());
      replica.put("bytesUploaded", r.getBytesUploaded());
      replica.put("downloadRate", r.getDownloadRate());
      replica.put("uploadRate", r.getUploadRate());
      replica.put("peers", r.getConnectedPeers());
      if (!r.getError().isEmpty()) {
        replica.put("error", r.getError());
      }
      list.add(replica);
    }
    view.put("replicas", list);
    Map<String, Object> limits = new LinkedHashMap<>();
    limits.put("uploadLimit", spec.getUploadLimit());
    limits.put("downloadLimit", spec.getDownloadLimit());
    limits.put("maxConnections", spec.getMaxConnections());
    view.put("limits", limits);
    view.put("filePriorities", List.copyOf(spec.getFilePrioritiesList()));
    return view;
  }

  static String state(TorrentSpec spec, List<TorrentStatus> replicas) {
    if (spec.getPaused()) {
      return "paused";
    }
    return replicas.stream().map(TorrentStatus::getState).filter(RANK::contains)
        .min((a, b) -> Integer.compare(RANK.indexOf(a), RANK.indexOf(b))).map(TorrentViews::name).orElse("unknown");
  }

  static String name(TorrentStatus.State state) {
    return state.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static double progress(TorrentStatus r) {
    return r.getPieceCount() == 0 ? 0 : (double) r.getPiecesVerified() / r.getPieceCount();
  }

  private static Metainfo metainfo(TorrentSpec spec) {
    try {
      return spec.getMetainfo().isEmpty() ? null : Metainfo.parse(spec.getMetainfo().toByteArray());
    } catch (MetainfoException e) {
      return null;
    }
  }
}
