package io.seedfleet.ops.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seedfleet.testing.LibtorrentPeer;
import io.seedfleet.testing.Ports;
import io.seedfleet.testing.TestContent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real {@code seedfleet node} processes form a fleet; content published through one node's
 * API with two replicas lands on two nodes, the admin CLI shows it from any node, and a libtorrent
 * client given only a magnet naming node A's built-in tracker finds the fleet's holders and downloads it.
 */
@Tag("interop")
class FleetCliIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern INFO_HASH = Pattern.compile("^([0-9a-f]{40})$", Pattern.MULTILINE);

  @TempDir Path tmp;

  private record Node(SeedfleetProcess process, int clusterPort, String api) {}

  private Node startNode(String name, Integer seedPort, String... extra) throws Exception {
    int clusterPort = Ports.freeTcpPort();
    int apiPort = Ports.freeTcpPort();
    List<String> args = new ArrayList<>(List.of("node", "--data", tmp.resolve(name).toString(), "--bt-port", "0",
        "--cluster-port", Integer.toString(clusterPort), "--api", "127.0.0.1:" + apiPort, "--no-dht", "--no-lsd"));
    args.addAll(List.of(extra));
    if (seedPort != null) {
      args.addAll(List.of("--seed-nodes", "127.0.0.1:" + seedPort));
    }
    SeedfleetProcess process = SeedfleetProcess.start("fleet-" + name, args.toArray(String[]::new));
    process.awaitLine(l -> l.contains("seedfleet: node") && l.contains(" up;"), Duration.ofSeconds(120));
    return new Node(process, clusterPort, "http://127.0.0.1:" + apiPort);
  }

  private static JsonNode cli(String... args) throws Exception {
    try (SeedfleetProcess verb = SeedfleetProcess.start("cli-" + args[0], args)) {
      int exit = verb.awaitExit(Duration.ofSeconds(60));
      String out = verb.output();
      assertThat(exit).as(out).isZero();
      return JSON.readTree(out.substring(out.indexOf('{')));
    }
  }

  @Test
  void aPublishedTorrentWithTwoReplicasLandsOnTwoNodesAndServesLibtorrent() throws Exception {
    Path content = tmp.resolve("publish").resolve("fleet-release");
    TestContent.multiFileTree(content, (8L << 20) + 999, 31);
    List<Node> nodes = new ArrayList<>();
    try {
      int trackerPort = Ports.freeTcpPort();
      Node a = startNode("a", null, "--tracker-port", Integer.toString(trackerPort));
      nodes.add(a);
      nodes.add(startNode("b", a.clusterPort()));
      nodes.add(startNode("c", a.clusterPort()));
      Node b = nodes.get(1);

      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      JsonNode members;
      do {
        members = cli("nodes", "--json", "--api", b.api());
      } while (upCount(members) < 3 && System.nanoTime() < deadline);
      assertThat(upCount(members)).as(members.toString()).isEqualTo(3);

      String infoHash;
      try (SeedfleetProcess add = SeedfleetProcess.start("cli-add", "add", "--publish", content.toString(),
          "--replicas", "2", "--api", a.api())) {
        assertThat(add.awaitExit(Duration.ofSeconds(60))).as(add.output()).isZero();
        Matcher m = INFO_HASH.matcher(add.output());
        assertThat(m.find()).as(add.output()).isTrue();
        infoHash = m.group(1);
      }

      JsonNode info;
      deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      do {
        Thread.sleep(1000);
        info = cli("info", infoHash, "--json", "--api", nodes.get(2).api());
      } while (seedingNodes(info).size() < 2 && System.nanoTime() < deadline);
      assertThat(seedingNodes(info)).as(info.toString()).hasSize(2);
      assertThat(info.path("infoHash").asText()).isEqualTo(infoHash);
      assertThat(info.path("name").asText()).isEqualTo("fleet-release");
      assertThat(info.path("state").asText()).isEqualTo("seeding");
      assertThat(info.path("progress").asDouble()).isEqualTo(1.0);

      // The outside client knows only node A's built-in tracker, which lists every holder in the fleet.
      String magnet = "magnet:?xt=urn:btih:" + infoHash + "&tr=" + java.net.URLEncoder.encode(
          "http://127.0.0.1:" + trackerPort + "/announce", java.nio.charset.StandardCharsets.UTF_8);
      Path out = tmp.resolve("libtorrent");
      try (LibtorrentPeer leecher = LibtorrentPeer.leechMagnet(magnet, out, List.of(), List.of())) {
        assertThat(leecher.awaitFinished(Duration.ofSeconds(120))).as(leecher.output()).isTrue();
      }
      TestContent.assertTreesIdentical(content, out.resolve("fleet-release"));
    } finally {
      for (Node node : nodes) {
        node.process().close();
      }
    }
  }

  private static long upCount(JsonNode members) {
    long up = 0;
    for (JsonNode n : members.path("nodes")) {
      if (n.path("status").asText().equals("Up") && n.path("reachable").asBoolean()) {
        up++;
      }
    }
    return up;
  }

  private static Set<String> seedingNodes(JsonNode info) {
    Set<String> nodes = new HashSet<>();
    for (JsonNode replica : info.path("replicas")) {
      if (replica.path("state").asText().equals("seeding")) {
        nodes.add(replica.path("node").asText());
      }
    }
    return nodes;
  }
}
