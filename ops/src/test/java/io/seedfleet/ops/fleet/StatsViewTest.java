package io.seedfleet.ops.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.seedfleet.cluster.FleetNode;
import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.torrent.TorrentState;
import io.seedfleet.proto.cluster.v1.TorrentSpec;
import io.seedfleet.proto.cluster.v1.TorrentStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatsViewTest {
  private static TorrentStatus replica(TorrentStatus.State state, long down, long up, int peers) {
    return TorrentStatus.newBuilder().setState(state).setBytesDownloaded(down).setBytesUploaded(up)
        .setDownloadRate(down / 10).setUploadRate(up / 10).setConnectedPeers(peers).build();
  }

  private static TorrentSpec spec(int id, boolean paused) {
    return TorrentSpec.newBuilder().setInfoHash(ByteString.copyFrom(new byte[20])).setReplicas(2 + id).setPaused(paused).build();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Integer> byState(Map<String, Object> view, String key) {
    return (Map<String, Integer>) view.get(key);
  }

  @Test
  void theFleetCountsTorrentsByTheirBestReplicaAndSumsEveryReplica() {
    List<StatsView.Entry> catalogue = List.of(
        new StatsView.Entry(spec(0, false), List.of(replica(TorrentStatus.State.SEEDING, 100, 1000, 2),
            replica(TorrentStatus.State.DOWNLOADING, 50, 0, 1))),
        new StatsView.Entry(spec(1, true), List.of(replica(TorrentStatus.State.PAUSED, 0, 0, 0))),
        new StatsView.Entry(spec(2, false), List.of(replica(TorrentStatus.State.STATE_UNSPECIFIED, 0, 0, 0))));
    Map<String, Object> fleet = StatsView.fleet(catalogue, List.of(new FleetNode.MemberInfo("a", "Up", true),
        new FleetNode.MemberInfo("b", "Up", false), new FleetNode.MemberInfo("c", "Joining", true)));
    assertThat(fleet.get("torrents")).isEqualTo(3);
    assertThat(byState(fleet, "torrentsByState")).containsEntry("seeding", 1).containsEntry("paused", 1)
        .containsEntry("unknown", 1).containsEntry("downloading", 0).containsKeys(TorrentViews.STATES.toArray(String[]::new));
    assertThat(byState(fleet, "replicasByState")).containsEntry("seeding", 1).containsEntry("downloading", 1)
        .containsEntry("unknown", 1);
    assertThat(fleet.get("replicas")).isEqualTo(4);
    assertThat(fleet).containsEntry("bytesDownloaded", 150L).containsEntry("bytesUploaded", 1000L)
        .containsEntry("downloadRate", 15L).containsEntry("uploadRate", 100L).containsEntry("peers", 3L)
        .containsEntry("nodes", 3).containsEntry("nodesUp", 1L);
  }

  @Test
  void theNodeCountsEveryEngineStateEvenWhenNone() {
    io.seedfleet.engine.torrent.TorrentStatus errored = new io.seedfleet.engine.torrent.TorrentStatus(InfoHash.of(new byte[20]),
        "x", TorrentState.ERROR, 1, 4, 3, 100, 25, 30, 70, 5, 6, 2, 0, 0, 3, 1, "disk full");
    Map<String, Object> node = StatsView.node("pekko://n@127.0.0.1:1", List.of(errored));
    assertThat(byState(node, "torrentsByState")).containsEntry("error", 1).containsEntry("seeding", 0)
        .hasSize(TorrentState.values().length);
    assertThat(node).containsEntry("bytesDownloaded", 30L).containsEntry("bytesUploaded", 70L)
        .containsEntry("hashFailures", 3L).containsEntry("bannedPeers", 1).containsEntry("peers", 2);
  }
}
