package io.seedfleet.ops.fleet;

import io.seedfleet.cluster.FleetNode;
import io.seedfleet.proto.cluster.v1.TorrentStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /api/v1/nodes}: each member with what it holds, from its replicas' own reports. */
final class NodeViews {
  private NodeViews() {}

  static List<Map<String, Object>> of(List<FleetNode.MemberInfo> members, List<StatsView.Entry> catalogue) {
    List<Map<String, Object>> nodes = new ArrayList<>();
    for (FleetNode.MemberInfo member : members) {
      int replicas = 0;
      int seeding = 0;
      int errors = 0;
      long down = 0;
      long up = 0;
      for (StatsView.Entry entry : catalogue) {
        for (TorrentStatus r : entry.replicas()) {
          if (r.getNode().equals(member.address())) {
            replicas++;
            seeding += r.getState() == TorrentStatus.State.SEEDING ? 1 : 0;
            errors += r.getState() == TorrentStatus.State.ERROR ? 1 : 0;
            down += r.getDownloadRate();
            up += r.getUploadRate();
          }
        }
      }
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("address", member.address());
      view.put("status", member.status());
      view.put("reachable", member.reachable());
      view.put("roles", member.roles());
      view.put("health", !member.reachable() ? "unreachable" : errors > 0 ? "degraded" : "ok");
      view.put("replicas", replicas);
      view.put("seeding", seeding);
      view.put("errors", errors);
      view.put("downloadRate", down);
      view.put("uploadRate", up);
      nodes.add(view);
    }
    return nodes;
  }
}
