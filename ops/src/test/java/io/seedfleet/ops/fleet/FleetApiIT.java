package io.seedfleet.ops.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.seedfleet.cluster.FleetNode;
import io.seedfleet.cluster.FleetSettings;
import io.seedfleet.engine.dht.node.DhtConfig;
import io.seedfleet.engine.discovery.LsdConfig;
import io.seedfleet.engine.metainfo.CreateOptions;
import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.engine.metainfo.TorrentCreator;
import io.seedfleet.ops.api.ApiServer;
import io.seedfleet.ops.api.ApiSettings;
import io.seedfleet.testing.LibtorrentPeer;
import io.seedfleet.testing.TestContent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A one-node fleet in this JVM behind the real admin API on a loopback port, driven over HTTP with
 * the JDK's client: the whole stack over a socket, where ApiRoutesTest covers the route tree in process
 * with Pekko HTTP's route testkit.
 * One torrent is published through the API and seeded by the node; the tests add and remove others.
 */
class FleetApiIT {
  static final String TOKEN = "fleet-api-it";
  static final ObjectMapper JSON = new ObjectMapper();
  static final String UNKNOWN = "00".repeat(20);

  @TempDir static Path tmp;
  static FleetNode node;
  static Publisher publisher;
  static ApiServer server;
  static PrometheusMeterRegistry metrics;
  static NodeMetrics nodeMetrics;
  static HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  /** The published content, its .torrent and info-hash. */
  static Path content;
  static byte[] torrent;
  static String infoHash;

  record Reply(int status, String contentType, String text) {
    JsonNode json() throws IOException {
      return JSON.readTree(text);
    }

    String errorCode() throws IOException {
      return json().path("error").path("code").asText();
    }
  }

  @BeforeAll
  static void start() throws Exception {
    content = tmp.resolve("publish").resolve("api-release");
    TestContent.multiFileTree(content, (2L << 20) + 321, 41);
    torrent = makeTorrent(content);
    infoHash = Metainfo.parse(torrent).infoHash().hex();
    java.nio.file.Files.createDirectories(tmp.resolve("downloads"));
    node = FleetNode.start(FleetSettings.defaults(tmp.resolve("node")).withExtraConfig(com.typesafe.config.ConfigFactory
        .parseMap(java.util.Map.of("seedfleet.fleet.download-roots", List.of(tmp.resolve("downloads").toString())))), engine -> engine.withLsd(LsdConfig.off())
        .withDht(DhtConfig.defaults(new InetSocketAddress("127.0.0.1", 0), List.of(), tmp.resolve("dht.state"))));
    node.awaitUp(Duration.ofSeconds(60));
    publisher = new Publisher(node);
    metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    nodeMetrics = NodeMetrics.start(metrics, node, Duration.ofMillis(500));
    server = ApiServer.start(node.system(), new ApiSettings("127.0.0.1", 0, List.of(TOKEN), Set.of()),
        new FleetRoutes(node, publisher).endpoints(), () -> true, metrics);
    Reply published = send("POST", "/api/v1/torrents", "application/json", JSON.createObjectNode()
        .put("publish", content.toString()).put("pieceSize", 64 * 1024).put("replicas", 1).toString().getBytes(StandardCharsets.UTF_8));
    assertThat(published.status()).as(published.text()).isEqualTo(201);
    assertThat(published.json().path("infoHash").asText()).isEqualTo(infoHash);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (nodeMetrics != null) {
      nodeMetrics.close();
    }
    if (publisher != null) {
      publisher.close();
    }
    if (node != null) {
      node.close();
    }
  }

  /** The same torrent the node's publisher makes of {@code source}, so libtorrent can fetch it. */
  static byte[] makeTorrent(Path source) throws Exception {
    try (var pool = Executors.newFixedThreadPool(2)) {
      return TorrentCreator.create(source, new CreateOptions(64 * 1024, List.of(), false, null, "seedfleet"), pool);
    }
  }

  static String base() {
    return "http://127.0.0.1:" + server.address().getPort();
  }

  static Reply send(String method, String path, String contentType, byte[] body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + TOKEN)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
  }

  static Reply get(String path) throws Exception {
    return send("GET", path, null, null);
  }

  static Reply postJson(String path, String json) throws Exception {
    return send("POST", path, "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  /** Another torrent, of content no node has: it stays downloading, which is all the route tests need. */
  static byte[] otherTorrent(String name, long seed) throws Exception {
    Path other = tmp.resolve("others").resolve(name);
    TestContent.singleFile(other, 256 * 1024 + seed, seed);
    return makeTorrent(other);
  }

  @Test
  void everyDocumentedOperationAnswersAndNoOtherMethodDoes() throws Exception {
    byte[] other = otherTorrent("documented", 7);
    String hash = Metainfo.parse(other).infoHash().hex();
    JsonNode spec = JSON.readTree(OpenApiTest.SPEC.toFile());
    List<String> operations = new ArrayList<>(OpenApiTest.documentedOperations(spec));
    // add first, remove last: the others work on the torrent added
    operations.sort((a, b) -> Integer.compare(rank(a), rank(b)));
    for (String operation : operations) {
      String method = operation.substring(0, operation.indexOf(' '));
      String path = operation.substring(operation.indexOf(' ') + 1).replace("{infoHash}", hash);
      Reply reply = switch (operation) {
        case "POST /api/v1/torrents" -> send(method, path, "application/x-bittorrent", other);
        case "PUT /api/v1/torrents/{infoHash}/replicas" -> send(method, path, "application/json",
            "{\"replicas\": 2}".getBytes(StandardCharsets.UTF_8));
        case "PUT /api/v1/torrents/{infoHash}/limits", "PUT /api/v1/settings" -> send(method, path, "application/json",
            "{}".getBytes(StandardCharsets.UTF_8));
        case "PUT /api/v1/torrents/{infoHash}/files" -> send(method, path, "application/json",
            "{\"priorities\": []}".getBytes(StandardCharsets.UTF_8));
        default -> send(method, path, null, null);
      };
      assertThat(reply.status()).as(operation + " -> " + reply.text()).isBetween(200, 299);
      assertThat(reply.contentType()).as(operation).startsWith(path.equals("/metrics") ? "text/plain" : "application/json");
    }
    for (var entry : spec.path("paths").properties()) {
      String path = entry.getKey();
      for (String method : List.of("GET", "POST", "PUT", "DELETE")) {
        if (!operations.contains(method + " " + path)) {
          Reply reply = send(method, path.replace("{infoHash}", hash), null, null);
          assertThat(reply.status()).as(method + " " + path).isEqualTo(405);
          assertThat(reply.errorCode()).isEqualTo("method_not_allowed");
        }
      }
    }
    assertThat(get("/api/v1/torrents/" + hash).status()).as("removed by DELETE").isEqualTo(404);
    assertThat(get("/api/v1/nothing").errorCode()).isEqualTo("not_found");
    assertThat(get("/api/v1/torrents/").status()).isEqualTo(404);
  }

  private static int rank(String operation) {
    return operation.equals("POST /api/v1/torrents") ? 0 : operation.startsWith("DELETE ") ? 2 : 1;
  }

  @Test
  void theListAndTheDetailShowThePublishedTorrentSeedingOnThisNode() throws Exception {
    JsonNode detail = awaitState(infoHash, "seeding");
    assertThat(detail.path("name").asText()).isEqualTo("api-release");
    assertThat(detail.path("size").asLong()).isEqualTo((2L << 20) + 321);
    assertThat(detail.path("progress").asDouble()).isEqualTo(1.0);
    JsonNode replica = detail.path("replicas").get(0);
    assertThat(replica.path("node").asText()).isEqualTo(node.clusterAddress().toString());
    assertThat(replica.path("pieceCount").asInt()).isEqualTo(replica.path("piecesVerified").asInt()).isPositive();
    JsonNode list = get("/api/v1/torrents?state=seeding").json().path("torrents");
    assertThat(list.findValuesAsText("infoHash")).contains(infoHash);
    assertThat(get("/api/v1/torrents?state=paused").json().path("torrents").findValuesAsText("infoHash")).doesNotContain(infoHash);
    String self = node.clusterAddress().toString();
    String hostPort = self.substring(self.indexOf('@') + 1);
    assertThat(get("/api/v1/torrents?node=" + hostPort).json().path("torrents").findValuesAsText("infoHash")).contains(infoHash);
    assertThat(get("/api/v1/torrents?node=10.9.9.9:1").json().path("torrents")).isEmpty();
    assertThat(detail.path("ratio").isNumber()).isTrue();
    assertThat(detail.path("etaSeconds").isNull()).as("a seeding torrent has no ETA").isTrue();
    JsonNode nodes = get("/api/v1/nodes").json().path("nodes");
    assertThat(nodes).hasSize(1);
    assertThat(nodes.get(0).path("health").asText()).isEqualTo("ok");
    assertThat(nodes.get(0).path("replicas").asInt()).isPositive();
    assertThat(nodes.get(0).path("seeding").asInt()).isPositive();
    assertThat(nodes.get(0).path("roles").isArray()).isTrue();
  }

  static JsonNode awaitState(String hash, String state) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    JsonNode detail;
    do {
      detail = get("/api/v1/torrents/" + hash).json();
      if (detail.path("state").asText().equals(state)) {
        return detail;
      }
      Thread.sleep(250);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("torrent " + hash + " not " + state + ": " + detail);
  }

  @Test
  void badAddsAreJsonErrorsWithTheirOwnCodes() throws Exception {
    Reply garbage = send("POST", "/api/v1/torrents", "application/x-bittorrent", "not bencode".getBytes(StandardCharsets.UTF_8));
    assertThat(garbage.status()).isEqualTo(400);
    assertThat(garbage.errorCode()).isEqualTo("invalid_torrent");
    Reply zeroReplicas = send("POST", "/api/v1/torrents?replicas=0", "application/x-bittorrent", otherTorrent("zero", 3));
    assertThat(zeroReplicas.status()).isEqualTo(400);
    assertThat(zeroReplicas.json().path("error").path("message").asText()).contains("replicas");
    assertThat(postJson("/api/v1/torrents", "{}").errorCode()).isEqualTo("bad_request");
    Reply magnet = postJson("/api/v1/torrents", "{\"magnet\": \"magnet:?xt=urn:btih:nothex\"}");
    assertThat(magnet.status()).isEqualTo(400);
    assertThat(magnet.errorCode()).isEqualTo("invalid_magnet");
    Reply ftp = postJson("/api/v1/torrents", "{\"url\": \"ftp://127.0.0.1/x.torrent\"}");
    assertThat(ftp.status()).isEqualTo(400);
    Reply refused = postJson("/api/v1/torrents", "{\"url\": \"http://127.0.0.1:1/x.torrent\"}");
    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.errorCode()).isEqualTo("url_failed");
    Reply noPath = postJson("/api/v1/torrents", "{\"publish\": \"" + tmp.resolve("nothing-here") + "\"}");
    assertThat(noPath.status()).isEqualTo(400);
    assertThat(noPath.errorCode()).isEqualTo("no_such_path");
    Reply base64 = postJson("/api/v1/torrents", "{\"torrentBase64\": \"%%%\"}");
    assertThat(base64.status()).isEqualTo(400);
    assertThat(base64.json().path("error").path("message").asText()).contains("base64");
    Reply malformed = postJson("/api/v1/torrents", "{\"publish\": ");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.json().path("error").path("message").asText()).startsWith("malformed JSON");
    Reply badReplicas = send("PUT", "/api/v1/torrents/" + infoHash + "/replicas", "application/json",
        "{\"replicas\": 65}".getBytes(StandardCharsets.UTF_8));
    assertThat(badReplicas.status()).isEqualTo(400);
  }

  @Test
  void aTorrentThatWasAddedAsBase64CanBeReadBack() throws Exception {
    byte[] other = otherTorrent("base64", 9);
    String hash = Metainfo.parse(other).infoHash().hex();
    Reply added = postJson("/api/v1/torrents", "{\"torrentBase64\": \"" + Base64.getEncoder().encodeToString(other)
        + "\", \"labels\": [\"b64\"], \"paused\": true}");
    assertThat(added.status()).as(added.text()).isEqualTo(201);
    JsonNode detail = get("/api/v1/torrents/" + hash).json();
    assertThat(detail.path("paused").asBoolean()).isTrue();
    assertThat(detail.path("state").asText()).isEqualTo("paused");
    assertThat(detail.path("labels").get(0).asText()).isEqualTo("b64");
    assertThat(get("/api/v1/torrents?label=b64").json().path("torrents").findValuesAsText("infoHash")).containsExactly(hash);
    assertThat(send("DELETE", "/api/v1/torrents/" + hash, null, null).status()).isEqualTo(200);
  }

  @Test
  void unknownAndMalformedInfoHashesAre404And400() throws Exception {
    for (Reply reply : List.of(get("/api/v1/torrents/" + UNKNOWN), send("DELETE", "/api/v1/torrents/" + UNKNOWN, null, null),
        send("POST", "/api/v1/torrents/" + UNKNOWN + "/pause", null, null),
        send("PUT", "/api/v1/torrents/" + UNKNOWN + "/replicas", "application/json", "{\"replicas\":1}".getBytes()))) {
      assertThat(reply.status()).isEqualTo(404);
      assertThat(reply.contentType()).startsWith("application/json");
      assertThat(reply.errorCode()).isEqualTo("not_found");
      assertThat(reply.json().path("error").path("message").asText()).contains(UNKNOWN);
    }
    Reply malformed = get("/api/v1/torrents/xyz");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.errorCode()).isEqualTo("bad_request");
  }

  @Test
  void anOversizedTorrentBodyIs413AndNoTokenIs401() throws Exception {
    String head = "POST /api/v1/torrents HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TOKEN + "\r\n"
        + "Content-Type: application/x-bittorrent\r\nContent-Length: " + (ApiServer.MAX_BODY_BYTES + 1)
        + "\r\nConnection: close\r\n\r\n";
    String response;
    try (Socket socket = new Socket("127.0.0.1", server.address().getPort())) {
      socket.setSoTimeout(15_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      // No body and no half-close: the server answers from the header alone, then hangs up; a reset
      // after the answer (the unsent body) must not hide what was already read.
      java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
      try (InputStream in = socket.getInputStream()) {
        byte[] buffer = new byte[4096];
        for (int n; (n = in.read(buffer)) > 0; ) {
          got.write(buffer, 0, n);
        }
      } catch (java.net.SocketException resetAfterTheAnswer) {
        assertThat(got.size()).as("reset before any answer: " + resetAfterTheAnswer).isPositive();
      }
      response = got.toString(StandardCharsets.UTF_8);
    }
    assertThat(response).startsWith("HTTP/1.1 413").contains("\"payload_too_large\"");
    HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/torrents")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(JSON.readTree(anonymous.body()).path("error").path("code").asText()).isEqualTo("unauthorized");
    assertThat(Files.exists(content)).isTrue();
  }

  @Test
  @Tag("interop")
  void afterLibtorrentDownloadsFromTheNodeTheCountersAndStatsShowTheBytes() throws Exception {
    awaitState(infoHash, "seeding");
    long size = (2L << 20) + 321;
    Path torrentFile = tmp.resolve("api-release.torrent");
    Files.write(torrentFile, torrent);
    Path out = tmp.resolve("libtorrent");
    try (LibtorrentPeer leecher = LibtorrentPeer.leech(torrentFile, out, List.of(node.btAddress()))) {
      assertThat(leecher.awaitFinished(Duration.ofSeconds(120))).as(leecher.output()).isTrue();
    }
    TestContent.assertTreesIdentical(content, out.resolve("api-release"));

    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Scrape scrape = scrape();
    while (!(scrape.value("seedfleet_uploaded_bytes_total") >= size) && System.nanoTime() < deadline) {
      Thread.sleep(250);
      scrape = scrape();
    }
    assertThat(scrape.value("seedfleet_uploaded_bytes_total")).as(scrape.toString()).isBetween((double) size, size * 1.5);
    assertThat(scrape.value("seedfleet_torrents{state=\"seeding\"}")).isGreaterThanOrEqualTo(1);
    assertThat(scrape.value("seedfleet_torrents{state=\"error\"}")).isZero();
    assertThat(scrape.value("seedfleet_pieces_verified")).isGreaterThanOrEqualTo(Math.ceilDiv(size, 64 * 1024));
    assertThat(scrape.value("seedfleet_hash_failures_total")).isZero();
    assertThat(scrape.value("seedfleet_cluster_members")).isEqualTo(1);
    assertThat(scrape.value("seedfleet_cluster_replicas")).isGreaterThanOrEqualTo(1);
    assertThat(scrape.value("seedfleet_cluster_shards")).isGreaterThanOrEqualTo(1);
    assertThat(scrape.value("seedfleet_catalogue_torrents")).isGreaterThanOrEqualTo(1);

    JsonNode stats = get("/api/v1/stats").json();
    assertThat(stats.path("node").path("bytesUploaded").asLong()).isGreaterThanOrEqualTo(size);
    assertThat(stats.path("fleet").path("bytesUploaded").asLong()).isGreaterThanOrEqualTo(size);
  }

  @Test
  void everyMeterIsExportedFromTheStartWithPlausibleValues() throws Exception {
    Scrape scrape = scrape();
    assertThat(scrape.names()).contains("seedfleet_downloaded_bytes_total", "seedfleet_uploaded_bytes_total",
        "seedfleet_download_rate_bytes_per_second", "seedfleet_upload_rate_bytes_per_second", "seedfleet_peers_connected",
        "seedfleet_peers_banned", "seedfleet_torrents", "seedfleet_pieces_verified", "seedfleet_hash_failures_total",
        "seedfleet_dht_nodes", "seedfleet_dht_queries_received_total", "seedfleet_dht_queries_sent_total",
        "seedfleet_cluster_members", "seedfleet_cluster_unreachable_members", "seedfleet_cluster_shards",
        "seedfleet_cluster_replicas", "seedfleet_catalogue_torrents", "seedfleet_tracker_announces_total",
        "seedfleet_tracker_announce_failures_total", "seedfleet_tracker_scrapes_total");
    for (String state : List.of("checking", "downloading", "seeding", "paused", "error")) {
      assertThat(scrape.value("seedfleet_torrents{state=\"" + state + "\"}")).as(state).isGreaterThanOrEqualTo(0);
    }
    scrape.samples().forEach((series, value) -> {
      if (series.startsWith("seedfleet_")) {
        assertThat(value).as(series).isFinite().isGreaterThanOrEqualTo(0);
      }
    });
  }

  @Test
  void theDashboardQueriesOnlyMetricsTheNodeExports() throws Exception {
    JsonNode dashboard = JSON.readTree(Path.of("..", "docs", "grafana", "seedfleet-dashboard.json").toFile());
    List<String> queries = new ArrayList<>();
    collectQueries(dashboard, queries);
    Set<String> queried = new java.util.TreeSet<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("seedfleet_[a-zA-Z0-9_]+").matcher(String.join("\n", queries));
    while (m.find()) {
      queried.add(m.group());
    }
    assertThat(queried).hasSizeGreaterThan(10);
    assertThat(scrape().names()).containsAll(queried);
  }

  private static void collectQueries(JsonNode node, List<String> queries) {
    if (node.isObject()) {
      node.properties().forEach(e -> {
        if ((e.getKey().equals("expr") || e.getKey().equals("query")) && e.getValue().isTextual()) {
          queries.add(e.getValue().asText());
        } else {
          collectQueries(e.getValue(), queries);
        }
      });
    } else if (node.isArray()) {
      node.forEach(n -> collectQueries(n, queries));
    }
  }

  static Scrape scrape() throws Exception {
    Reply reply = get("/metrics");
    assertThat(reply.status()).isEqualTo(200);
    return Scrape.parse(reply.text());
  }

  @Test
  void statsShowsThisNodeAndTheFleet() throws Exception {
    awaitState(infoHash, "seeding");
    JsonNode stats = get("/api/v1/stats").json();
    JsonNode self = stats.path("node");
    assertThat(self.path("address").asText()).isEqualTo(node.clusterAddress().toString());
    assertThat(self.path("torrents").asInt()).isGreaterThanOrEqualTo(1);
    assertThat(self.path("torrentsByState").path("seeding").asInt()).isGreaterThanOrEqualTo(1);
    assertThat(self.path("torrentsByState").has("error")).isTrue();
    JsonNode fleet = stats.path("fleet");
    assertThat(fleet.path("torrents").asInt()).isGreaterThanOrEqualTo(1);
    assertThat(fleet.path("torrentsByState").path("seeding").asInt()).isGreaterThanOrEqualTo(1);
    assertThat(fleet.path("replicas").asInt()).isGreaterThanOrEqualTo(1);
    assertThat(fleet.path("nodes").asInt()).isEqualTo(1);
    assertThat(fleet.path("nodesUp").asInt()).isEqualTo(1);
    for (String field : List.of("downloadRate", "uploadRate", "bytesDownloaded", "bytesUploaded", "peers")) {
      assertThat(self.path(field).isNumber()).as(field).isTrue();
      assertThat(fleet.path(field).isNumber()).as(field).isTrue();
    }
  }

  @Test
  void theStatsVerbPrintsATableOrTheJsonAndOneLineOnError() throws Exception {
    awaitState(infoHash, "seeding");
    Cli table = cli("stats", "--api", base(), "--token", TOKEN);
    assertThat(table.exit()).as(table.err()).isZero();
    assertThat(table.out()).contains(node.clusterAddress().toString()).containsPattern("(?m)^ +THIS NODE +FLEET$")
        .containsPattern("(?m)^  seeding +\\d+ +\\d+$").containsPattern("(?m)^nodes up +- +1/1$")
        .containsPattern("(?m)^upload rate +\\S+ \\S*B/s +\\S+ \\S*B/s$");
    Cli json = cli("stats", "--json", "--api", base(), "--token", TOKEN);
    assertThat(json.exit()).isZero();
    assertThat(JSON.readTree(json.out()).path("fleet").path("nodesUp").asInt()).isEqualTo(1);
    Cli noToken = cli("stats", "--api", base(), "--token", "wrong");
    assertThat(noToken.exit()).isEqualTo(1);
    assertThat(noToken.err().strip()).startsWith("seedfleet: invalid bearer token").endsWith("(401)").doesNotContain("\n");
    Cli unreachable = cli("stats", "--api", "http://127.0.0.1:1");
    assertThat(unreachable.exit()).isEqualTo(1);
    assertThat(unreachable.err()).contains("cannot reach the seedfleet API");
  }

  @Test
  void aTorrentAddedByUrlAndOneByMagnetFromALibtorrentSeeder() throws Exception {
    byte[] byUrl = otherTorrent("by-url", 11);
    var files = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    files.createContext("/release.torrent", exchange -> {
      exchange.sendResponseHeaders(200, byUrl.length);
      exchange.getResponseBody().write(byUrl);
      exchange.close();
    });
    files.start();
    try {
      String url = "http://127.0.0.1:" + files.getAddress().getPort();
      Cli added = cli("add", url + "/release.torrent", "--label", "from-url", "--paused", "--api", base(), "--token", TOKEN);
      assertThat(added.exit()).as(added.err()).isZero();
      String hash = Metainfo.parse(byUrl).infoHash().hex();
      assertThat(added.out().strip()).isEqualTo(hash);
      assertThat(get("/api/v1/torrents/" + hash).json().path("paused").asBoolean()).isTrue();
      assertThat(get("/api/v1/torrents/" + hash).json().path("name").asText()).isEqualTo("by-url");
      Reply missing = postJson("/api/v1/torrents", "{\"url\": \"" + url + "/missing.torrent\"}");
      assertThat(missing.status()).isEqualTo(422);
      assertThat(missing.json().path("error").path("message").asText()).contains("404");
      Cli rm = cli("rm", hash, "--delete-data", "--api", base(), "--token", TOKEN);
      assertThat(rm.exit()).as(rm.err()).isZero();
      assertThat(rm.out()).contains("removed " + hash).contains("replica 0 on " + node.clusterAddress() + ": data deleted");
    } finally {
      files.stop(0);
    }

    Path source = tmp.resolve("magnet-src").resolve("magnet-release");
    TestContent.multiFileTree(source, (1L << 20) + 77, 52);
    Path torrentFile = Files.write(tmp.resolve("magnet-release.torrent"), makeTorrent(source));
    Metainfo metainfo = Metainfo.parse(Files.readAllBytes(torrentFile));
    try (io.seedfleet.testing.LibtorrentPeer seeder =
        io.seedfleet.testing.LibtorrentPeer.seed(torrentFile, source.getParent(), false)) {
      String tracker = "http://127.0.0.1:1/announce"; // refuses: the seeder is found through x.pe only
      String magnet = "magnet:?xt=urn:btih:" + metainfo.infoHash().hex() + "&x.pe=127.0.0.1:" + seeder.port()
          + "&tr=" + java.net.URLEncoder.encode(tracker, java.nio.charset.StandardCharsets.UTF_8);
      Path custom = tmp.resolve("downloads").resolve("custom-dir");
      Reply outside = postJson("/api/v1/torrents", "{\"magnet\": \"" + magnet + "\", \"downloadDir\": \""
          + tmp.resolve("elsewhere") + "\"}");
      assertThat(outside.status()).isEqualTo(403);
      assertThat(outside.errorCode()).isEqualTo("path_outside_tenant_root");
      Files.createSymbolicLink(tmp.resolve("downloads").resolve("escape"), tmp.resolve("node"));
      assertThat(postJson("/api/v1/torrents", "{\"magnet\": \"" + magnet + "\", \"downloadDir\": \""
          + tmp.resolve("downloads").resolve("escape").resolve("x") + "\"}").status()).as("a link out of the root").isEqualTo(403);
      Cli added = cli("add", magnet, "--download-dir", custom.toString(), "--label", "by-magnet", "--api", base(),
          "--token", TOKEN);
      assertThat(added.exit()).as(added.err()).isZero();
      assertThat(added.out().strip()).isEqualTo(metainfo.infoHash().hex());
      JsonNode done = awaitState(metainfo.infoHash().hex(), "seeding");
      assertThat(done.path("name").asText()).as("named from the fetched metadata").isEqualTo("magnet-release");
      assertThat(done.path("size").asLong()).isEqualTo((1L << 20) + 77);
      TestContent.assertTreesIdentical(source, custom.resolve("magnet-release"));
      Path stored = node.dataDir().resolve("metainfo").resolve(metainfo.infoHash().hex() + ".torrent");
      assertThat(stored).as("kept for the other replicas").exists();
      assertThat(Metainfo.parse(Files.readAllBytes(stored)).announceTiers()).as("the magnet's trackers are kept")
          .containsExactly(List.of(tracker));
      Reply removed = send("DELETE", "/api/v1/torrents/" + metainfo.infoHash().hex() + "?deleteData=true", null, null);
      assertThat(removed.status()).isEqualTo(200);
      assertThat(removed.json().path("dataDeleted").get(0).path("message").asText()).as(removed.text())
          .startsWith("kept: files in the custom download directory");
      assertThat(custom.resolve("magnet-release")).as("a shared directory is never emptied").exists();
      assertThat(postJson("/api/v1/torrents", "{\"magnet\": \"" + magnet + "\", \"downloadDir\": \"relative/dir\"}")
          .status()).isEqualTo(400);
    }
  }

  @Test
  void publishingOutsideThePublishRootsIsRefused() throws Exception {
    Path allowed = Files.createDirectories(tmp.resolve("publishable"));
    Path secret = Files.createDirectories(tmp.resolve("secret"));
    Files.writeString(secret.resolve("key"), "do not seed me");
    Files.createSymbolicLink(allowed.resolve("escape"), secret);
    try (Publisher confined = new Publisher(node, new io.seedfleet.cluster.DownloadRoots(List.of(allowed.toString()),
        "seedfleet.fleet.publish-roots"))) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> confined.publish(secret.toString(), 0))
          .isInstanceOf(io.seedfleet.cluster.DownloadRoots.OutsideRootsException.class)
          .hasMessageContaining("seedfleet.fleet.publish-roots");
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> confined.publish(allowed.resolve("escape").toString(), 0))
          .as("a link out of the root").isInstanceOf(io.seedfleet.cluster.DownloadRoots.OutsideRootsException.class);
    }
    try (Publisher nowhere = new Publisher(node, new io.seedfleet.cluster.DownloadRoots(List.of(),
        "seedfleet.fleet.publish-roots"))) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> nowhere.publish(allowed.toString(), 0))
          .hasMessageContaining("set seedfleet.fleet.publish-roots");
    }
  }

  static Reply putJson(String path, String json) throws Exception {
    return send("PUT", path, "application/json", json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void limitsFilePrioritiesRecheckAndSettingsThroughTheApiAndTheCli() throws Exception {
    awaitState(infoHash, "seeding");
    String torrentPath = "/api/v1/torrents/" + infoHash;
    Reply limits = putJson(torrentPath + "/limits", "{\"uploadLimit\": 1048576, \"maxConnections\": 9}");
    assertThat(limits.status()).as(limits.text()).isEqualTo(200);
    JsonNode shown = get(torrentPath).json().path("limits");
    assertThat(shown.path("uploadLimit").asLong()).isEqualTo(1048576);
    assertThat(shown.path("downloadLimit").asLong()).isZero();
    assertThat(shown.path("maxConnections").asInt()).isEqualTo(9);
    assertThat(putJson(torrentPath + "/limits", "{\"uploadLimit\": -5}").errorCode()).isEqualTo("bad_request");
    assertThat(putJson(torrentPath + "/limits", "{\"uploadLimit\": \"lots\"}").status()).isEqualTo(400);
    assertThat(putJson("/api/v1/torrents/" + UNKNOWN + "/limits", "{}").status()).isEqualTo(404);

    int files = Metainfo.parse(torrent).files().size();
    Reply wrongCount = putJson(torrentPath + "/files", "{\"priorities\": [1]}");
    assertThat(wrongCount.status()).isEqualTo(400);
    assertThat(wrongCount.text()).contains("has " + files + " files");
    assertThat(putJson(torrentPath + "/files", "{\"priorities\": [9]}").status()).isEqualTo(400);
    assertThat(putJson(torrentPath + "/files", "{\"priorities\": \"all\"}").status()).isEqualTo(400);
    String sevens = "7,".repeat(files - 1) + "7";
    assertThat(putJson(torrentPath + "/files", "{\"priorities\": [" + sevens + "]}").status()).isEqualTo(200);
    assertThat(get(torrentPath).json().path("filePriorities")).hasSize(files);
    JsonNode listed = get(torrentPath + "/files").json().path("files");
    assertThat(listed).hasSize(files);
    long listedBytes = 0;
    for (JsonNode f : listed) {
      assertThat(f.path("priority").asInt()).isEqualTo(7);
      listedBytes += f.path("padding").asBoolean() ? 0 : f.path("size").asLong();
    }
    assertThat(listedBytes).isEqualTo((2L << 20) + 321);
    assertThat(listed.get(0).path("path").asText()).startsWith("api-release/");
    assertThat(get("/api/v1/torrents/" + UNKNOWN + "/files").status()).isEqualTo(404);
    assertThat(putJson(torrentPath + "/files", "{\"priorities\": []}").status()).isEqualTo(200);

    Reply recheck = send("POST", torrentPath + "/recheck", null, null);
    assertThat(recheck.status()).isEqualTo(202);
    assertThat(recheck.json().path("recheck").asText()).isEqualTo("requested");
    assertThat(send("POST", "/api/v1/torrents/" + UNKNOWN + "/recheck", null, null).status()).isEqualTo(404);
    awaitState(infoHash, "seeding");

    Reply changed = putJson("/api/v1/settings", "{\"maxActiveSeeds\": 40, \"seedRatio\": 2.5}");
    assertThat(changed.status()).as(changed.text()).isEqualTo(200);
    Reply merged = putJson("/api/v1/settings", "{\"uploadLimit\": 2097152}");
    assertThat(merged.json().path("maxActiveSeeds").asInt()).as("fields left out keep their value").isEqualTo(40);
    assertThat(merged.json().path("seedRatio").asDouble()).isEqualTo(2.5);
    assertThat(get("/api/v1/settings").json().path("source").asText()).isEqualTo("fleet");
    assertThat(putJson("/api/v1/settings", "{\"seedRatio\": -1}").status()).isEqualTo(400);
    assertThat(putJson("/api/v1/settings", "[1]").status()).isEqualTo(400);

    Cli show = cli("limit", "--api", base(), "--token", TOKEN);
    assertThat(show.exit()).as(show.err()).isZero();
    assertThat(show.out()).containsPattern("(?m)^upload limit +2\\.0 MiB/s$").containsPattern("(?m)^active seeds +40$");
    Cli set = cli("limit", "--down", "512k", "--max-downloads", "3", "--seed-time", "7d", "--api", base(), "--token", TOKEN);
    assertThat(set.exit()).as(set.err()).isZero();
    JsonNode now = get("/api/v1/settings").json();
    assertThat(now.path("downloadLimit").asLong()).isEqualTo(512 * 1024);
    assertThat(now.path("maxActiveDownloads").asInt()).isEqualTo(3);
    assertThat(now.path("seedTimeSeconds").asLong()).isEqualTo(7 * 86400);
    Cli torrentLimit = cli("limit", infoHash, "--up", "0", "--connections", "12", "--api", base(), "--token", TOKEN);
    assertThat(torrentLimit.exit()).as(torrentLimit.err()).isZero();
    assertThat(torrentLimit.out()).containsPattern("(?m)^upload +unlimited$").containsPattern("(?m)^connections +12$");
    Cli badRate = cli("limit", "--up", "fast", "--api", base(), "--token", TOKEN);
    assertThat(badRate.exit()).isEqualTo(1);
    assertThat(badRate.err()).contains("not a rate");
    Cli queueOnTorrent = cli("limit", infoHash, "--max-seeds", "2", "--api", base(), "--token", TOKEN);
    assertThat(queueOnTorrent.exit()).isEqualTo(1);
    Cli recheckVerb = cli("recheck", infoHash, "--api", base(), "--token", TOKEN);
    assertThat(recheckVerb.exit()).as(recheckVerb.err()).isZero();
    assertThat(recheckVerb.out()).contains("recheck requested for " + infoHash);
    assertThat(cli("recheck", UNKNOWN, "--api", base(), "--token", TOKEN).exit()).isEqualTo(1);
    putJson("/api/v1/settings", "{\"uploadLimit\": 0, \"downloadLimit\": 0, \"maxActiveDownloads\": 0, "
        + "\"maxActiveSeeds\": 0, \"seedRatio\": 0, \"seedTimeSeconds\": 0}");
    putJson(torrentPath + "/limits", "{}");
  }

  record Cli(int exit, String out, String err) {}

  /** Runs a verb in this JVM, as {@code seedfleet} would, capturing what it prints. */
  static synchronized Cli cli(String... args) {
    java.io.PrintStream stdout = System.out;
    java.io.PrintStream stderr = System.err;
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    try {
      System.setOut(new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
      int exit = io.seedfleet.ops.cli.Main.run(args);
      return new Cli(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
    }
  }
}
