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
      deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (trackerPeers(trackerPort, infoHash) < 2 && System.nanoTime() < deadline) {
        Thread.sleep(500);
      }
      assertThat(trackerPeers(trackerPort, infoHash)).isGreaterThanOrEqualTo(2);
      String magnet = "magnet:?xt=urn:btih:" + infoHash + "&tr=" + java.net.URLEncoder.encode(
          "http://127.0.0.1:" + trackerPort + "/announce", java.nio.charset.StandardCharsets.UTF_8);
      Path out = tmp.resolve("libtorrent");
      try (LibtorrentPeer leecher = LibtorrentPeer.leechMagnet(magnet, out, List.of(), List.of())) {
        assertThat(leecher.awaitFinished(Duration.ofSeconds(120))).as(leecher.output()).isTrue();
      }
      TestContent.assertTreesIdentical(content, out.resolve("fleet-release"));

      // Each node's byte counters: one replica at least pulled the content from the publisher, and
      // libtorrent pulled it once more, so the fleet uploaded it twice and downloaded it once at least.
      long size = (8L << 20) + 999;
      // Each node polls its engine every 2 s (10 s timeouts): on a loaded machine a node's counters
      // can trail by several polls, so wait for both totals, not only the first.
      deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while ((metricSum(nodes, "seedfleet_uploaded_bytes_total") < 2 * size
          || metricSum(nodes, "seedfleet_downloaded_bytes_total") < size) && System.nanoTime() < deadline) {
        Thread.sleep(500);
      }
      assertThat(metricSum(nodes, "seedfleet_uploaded_bytes_total")).isGreaterThanOrEqualTo(2.0 * size);
      assertThat(metricSum(nodes, "seedfleet_downloaded_bytes_total")).isGreaterThanOrEqualTo((double) size);
      assertThat(text("stats", "--api", b.api())).containsPattern("(?m)^nodes up +- +3/3$")
          .containsPattern("(?m)^  seeding +\\d+ +1$");

      // The other verbs, through node C: a table, pause and resume everywhere, remove, and a clear error after.
      String api = nodes.get(2).api();
      assertThat(text("ls", "--api", api)).contains("INFOHASH", infoHash, "fleet-release", "seeding");
      assertThat(text("pause", infoHash, "--api", api)).contains("paused " + infoHash);
      assertThat(cli("ls", "--state", "paused", "--json", "--api", api).path("torrents")).hasSize(1);
      assertThat(text("resume", infoHash, "--api", api)).contains("resumed " + infoHash);
      assertThat(cli("ls", "--state", "paused", "--json", "--api", api).path("torrents")).isEmpty();
      assertThat(text("rm", infoHash, "--api", api)).contains("removed " + infoHash);
      try (SeedfleetProcess gone = SeedfleetProcess.start("cli-info-gone", "info", infoHash, "--api", api)) {
        assertThat(gone.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
        assertThat(gone.output()).contains("seedfleet: no torrent " + infoHash + " in the catalogue (404)")
            .doesNotContain("\tat ");
      }
    } finally {
      for (Node node : nodes) {
        node.process().close();
      }
    }
  }

  /** How many peers node A's tracker hands out for {@code infoHash}, asked as a client on port 9 (discard). */
  private static int trackerPeers(int trackerPort, String infoHash) throws Exception {
    StringBuilder hash = new StringBuilder();
    for (byte b : java.util.HexFormat.of().parseHex(infoHash)) {
      hash.append('%').append(String.format("%02X", b));
    }
    java.net.http.HttpResponse<byte[]> reply = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + trackerPort + "/announce?info_hash="
            + hash + "&peer_id=-XX0001-fleetclitest&port=9&left=0&compact=1")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofByteArray());
    io.seedfleet.engine.bencode.BDict dict = (io.seedfleet.engine.bencode.BDict) io.seedfleet.engine.bencode.Bencode.decode(reply.body());
    io.seedfleet.engine.bencode.BBytes peers = dict.getBytesOrNull("peers");
    return peers == null ? 0 : peers.length() / 6;
  }

  /** {@code metric} (a series without labels) summed over every node's /metrics. */
  private static double metricSum(List<Node> nodes, String metric) throws Exception {
    double sum = 0;
    for (Node node : nodes) {
      String scrape = java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create(node.api() + "/metrics")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString()).body();
      for (String line : scrape.split("\n")) {
        if (line.startsWith(metric + " ")) {
          sum += Double.parseDouble(line.substring(metric.length() + 1));
        }
      }
    }
    return sum;
  }

  private static String text(String... args) throws Exception {
    try (SeedfleetProcess verb = SeedfleetProcess.start("cli-" + args[0], args)) {
      assertThat(verb.awaitExit(Duration.ofSeconds(60))).as(verb.output()).isZero();
      return verb.output();
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
