package io.seedfleet.ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code seedfleet stats}: totals for the node asked and for the whole fleet, side by side. */
@Command(name = "stats", mixinStandardHelpOptions = true,
    description = "Show totals: torrents by state, rates, bytes, peers, for this node and the whole fleet.")
final class StatsCommand implements Callable<Integer> {
  private static final String NONE = "-";

  @Mixin ApiOptions api;

  @Override
  public Integer call() throws Exception {
    JsonNode reply = api.client().get("/stats");
    if (api.json) {
      System.out.println(AdminClient.pretty(reply));
      return 0;
    }
    JsonNode node = reply.path("node");
    JsonNode fleet = reply.path("fleet");
    Table table = new Table("", "THIS NODE", "FLEET");
    table.row("torrents", node.path("torrents").asText(), fleet.path("torrents").asText());
    Set<String> states = new LinkedHashSet<>();
    fleet.path("torrentsByState").fieldNames().forEachRemaining(states::add);
    node.path("torrentsByState").fieldNames().forEachRemaining(states::add);
    for (String state : states) {
      table.row("  " + state, count(node.path("torrentsByState").path(state)), count(fleet.path("torrentsByState").path(state)));
    }
    table.row("replicas", NONE, fleet.path("replicas").asText());
    table.row("download rate", rate(node.path("downloadRate")), rate(fleet.path("downloadRate")));
    table.row("upload rate", rate(node.path("uploadRate")), rate(fleet.path("uploadRate")));
    table.row("downloaded", AdminCommands.bytes(node.path("bytesDownloaded").asLong()),
        AdminCommands.bytes(fleet.path("bytesDownloaded").asLong()));
    table.row("uploaded", AdminCommands.bytes(node.path("bytesUploaded").asLong()),
        AdminCommands.bytes(fleet.path("bytesUploaded").asLong()));
    table.row("peers", node.path("peers").asText(), fleet.path("peers").asText());
    table.row("hash failures", node.path("hashFailures").asText(), NONE);
    table.row("banned peers", node.path("bannedPeers").asText(), NONE);
    table.row("nodes up", NONE, fleet.path("nodesUp").asText() + "/" + fleet.path("nodes").asText());
    System.out.println(node.path("address").asText());
    table.print(System.out);
    return 0;
  }

  private static String count(JsonNode value) {
    return value.isMissingNode() ? NONE : value.asText();
  }

  private static String rate(JsonNode bytesPerSecond) {
    return AdminCommands.bytes(bytesPerSecond.asLong()) + "/s";
  }
}
