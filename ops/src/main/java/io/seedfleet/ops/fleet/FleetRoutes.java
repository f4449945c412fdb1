package io.seedfleet.ops.fleet;

import static org.apache.pekko.http.javadsl.server.Directives.completeWithFuture;
import static org.apache.pekko.http.javadsl.server.Directives.entity;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.parameterList;

import com.fasterxml.jackson.databind.JsonNode;
import io.seedfleet.cluster.FleetNode;
import io.seedfleet.cluster.catalogue.Catalogue;
import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.metainfo.MetainfoException;
import io.seedfleet.ops.api.ApiError;
import io.seedfleet.ops.api.ApiException;
import io.seedfleet.ops.api.Endpoint;
import io.seedfleet.ops.api.Json;
import io.seedfleet.proto.cluster.v1.TorrentSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * The fleet under {@code /api/v1/}: torrents in the catalogue with their replicas, and the nodes.
 * Every route answers JSON; failures are {@link ApiException}s with a status and a code.
 */
public final class FleetRoutes {
  private static final int MAX_REPLICAS = 64;

  private final FleetNode node;
  private final Publisher publisher;
  private final ControlRoutes control;

  public FleetRoutes(FleetNode node, Publisher publisher) {
    this.node = node;
    this.publisher = publisher;
    this.control = new ControlRoutes(node, this::known);
  }

  /** The fleet's routes; the path parameter {@code infoHash} is 40 hex digits. */
  public List<Endpoint> endpoints() {
    String torrent = "/api/v1/torrents/{infoHash}";
    return List.of(
        Endpoint.get("/api/v1/torrents", this::list),
        Endpoint.post("/api/v1/torrents", this::add),
        new Endpoint("GET", torrent, p -> detail(p.get("infoHash"))),
        new Endpoint("DELETE", torrent, p -> parameterList("deleteData", delete ->
            remove(p.get("infoHash"), !delete.isEmpty() && Boolean.parseBoolean(delete.get(0))))),
        new Endpoint("POST", torrent + "/pause", p -> respond(() -> paused(p.get("infoHash"), true))),
        new Endpoint("POST", torrent + "/resume", p -> respond(() -> paused(p.get("infoHash"), false))),
        new Endpoint("PUT", torrent + "/replicas", p -> entity(Unmarshaller.entityToString(), body -> respond(() ->
            replicas(p.get("infoHash"), Json.parse(body))))),
        Endpoint.get("/api/v1/stats", this::stats),
        new Endpoint("POST", torrent + "/recheck", p -> control.recheck(p.get("infoHash"))),
        new Endpoint("PUT", torrent + "/limits", p -> control.torrentLimits(p.get("infoHash"))),
        new Endpoint("PUT", torrent + "/files", p -> control.filePriorities(p.get("infoHash"))),
        new Endpoint("GET", torrent + "/files", p -> control.files(p.get("infoHash"))),
        Endpoint.get("/api/v1/settings", control::settings),
        new Endpoint("PUT", "/api/v1/settings", p -> control.changeSettings()),
        Endpoint.get("/api/v1/nodes", () -> respond(() -> catalogueWithStatus().thenApply(entries ->
            Json.response(200, Map.of("self", node.clusterAddress().toString(), "nodes", NodeViews.of(node.members(), entries)))))));
  }

  private Route list() {
    return parameterList("label", labels -> parameterList("state", states -> parameterList("node", onNodes -> respond(() ->
        catalogueWithStatus().thenApply(entries -> {
          List<Map<String, Object>> shown = entries.stream()
              .filter(e -> onNodes.isEmpty() || e.replicas().stream().anyMatch(r -> onNodes.stream().anyMatch(n ->
                  r.getNode().equals(n) || r.getNode().endsWith("@" + n))))
              .map(e -> TorrentViews.summary(e.spec(), e.replicas()))
              .filter(v -> labels.isEmpty() || ((List<?>) v.get("labels")).stream().anyMatch(labels::contains))
              .filter(v -> states.isEmpty() || states.contains(v.get("state")))
              .sorted((a, b) -> ((String) a.get("name")).compareTo((String) b.get("name")))
              .toList();
          return Json.response(200, Map.of("torrents", shown));
        })))));
  }

  private Route stats() {
    return respond(() -> {
      CompletableFuture<List<io.seedfleet.engine.torrent.TorrentStatus>> local = new EngineProbe(node).torrents()
          .thenApply(EngineProbe.Running::statuses).toCompletableFuture();
      return catalogueWithStatus().thenCombine(local, (catalogue, torrents) -> {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("node", StatsView.node(node.clusterAddress().toString(), torrents));
        view.put("fleet", StatsView.fleet(catalogue, node.members()));
        return Json.response(200, view);
      });
    });
  }

  /** Every catalogue entry with its replicas' reports. */
  private CompletionStage<List<StatsView.Entry>> catalogueWithStatus() {
    return node.list().thenCompose(specs -> {
      List<CompletableFuture<StatsView.Entry>> entries = new ArrayList<>();
      for (TorrentSpec spec : specs.values()) {
        InfoHash infoHash = InfoHash.of(spec.getInfoHash().toByteArray());
        entries.add(node.status(infoHash, spec).toCompletableFuture().thenApply(r -> new StatsView.Entry(spec, r)));
      }
      return CompletableFuture.allOf(entries.toArray(CompletableFuture[]::new))
          .thenApply(done -> entries.stream().map(CompletableFuture::join).toList());
    });
  }

  private Route add() {
    return extractRequest(request -> parameterList("label", labels -> parameterList("replicas", replicas ->
        parameterList("paused", paused -> parameterList("downloadDir", dirs -> entity(Unmarshaller.entityToByteString(),
            body -> respond(() -> {
              boolean json = request.entity().getContentType().mediaType().equals(MediaTypes.APPLICATION_JSON);
              if (json) {
                return addFromJson(Json.parse(body.utf8String()));
              }
              int count = replicas.isEmpty() ? 1 : replicaCount(replicas.get(0));
              return addTorrentFile(body.toArray(), options(count, labels,
                  !paused.isEmpty() && Boolean.parseBoolean(paused.get(0)), dirs.isEmpty() ? null : dirs.get(0)));
            })))))));
  }

  private static FleetNode.AddOptions options(int replicas, List<String> labels, boolean paused, String downloadDir) {
    try {
      return new FleetNode.AddOptions(replicas, labels, paused, downloadDir);
    } catch (IllegalArgumentException e) {
      throw new ApiException(ApiError.badRequest(e.getMessage()));
    }
  }

  private CompletionStage<HttpResponse> addFromJson(JsonNode body) {
    int replicas = body.has("replicas") ? replicaCount(body.get("replicas").asText()) : 1;
    List<String> labels = new ArrayList<>();
    body.path("labels").forEach(l -> labels.add(l.asText()));
    FleetNode.AddOptions options = options(replicas, labels, body.path("paused").asBoolean(false),
        body.hasNonNull("downloadDir") ? body.get("downloadDir").asText() : null);
    if (body.hasNonNull("publish")) {
      return publisher.publish(body.get("publish").asText(), body.path("pieceSize").asInt(0))
          .thenCompose(torrent -> addTorrentFile(torrent, options));
    }
    if (body.hasNonNull("torrentBase64")) {
      byte[] torrent;
      try {
        torrent = java.util.Base64.getDecoder().decode(body.get("torrentBase64").asText());
      } catch (IllegalArgumentException e) {
        throw new ApiException(ApiError.badRequest("torrentBase64 is not base64"));
      }
      return addTorrentFile(torrent, options);
    }
    if (body.hasNonNull("magnet")) {
      return addMagnet(body.get("magnet").asText(), options);
    }
    if (body.hasNonNull("url")) {
      return TorrentDownload.fetch(body.get("url").asText()).thenCompose(torrent -> addTorrentFile(torrent, options));
    }
    throw new ApiException(ApiError.badRequest("give a .torrent body (application/x-bittorrent), or JSON with "
        + "\"publish\" (a path on this node), \"torrentBase64\", \"magnet\" or \"url\""));
  }

  private CompletionStage<HttpResponse> addTorrentFile(byte[] torrent, FleetNode.AddOptions options) {
    try {
      InfoHash infoHash = infoHashOf(torrent);
      return node.add(torrent, options).thenApply(outcome -> Json.response(201, Map.of("infoHash", infoHash.hex(),
          "replication", outcome.name().toLowerCase(Locale.ROOT))));
    } catch (MetainfoException e) {
      throw new ApiException(new ApiError(400, "invalid_torrent", "not a usable .torrent: " + e.getMessage()));
    }
  }

  private CompletionStage<HttpResponse> addMagnet(String magnet, FleetNode.AddOptions options) {
    try {
      InfoHash infoHash = io.seedfleet.engine.metainfo.MagnetLink.parse(magnet).infoHash();
      return node.addMagnet(magnet, options).thenApply(outcome -> Json.response(201, Map.of("infoHash", infoHash.hex(),
          "replication", outcome.name().toLowerCase(Locale.ROOT))));
    } catch (io.seedfleet.engine.metainfo.MagnetException e) {
      throw new ApiException(new ApiError(400, "invalid_magnet", "not a usable magnet link: " + e.getMessage()));
    }
  }

  private static InfoHash infoHashOf(byte[] torrent) {
    try {
      return io.seedfleet.engine.metainfo.Metainfo.parse(torrent).infoHash();
    } catch (MetainfoException e) {
      throw new ApiException(new ApiError(400, "invalid_torrent", e.getMessage()));
    }
  }

  private Route detail(String hex) {
    return respond(() -> {
      InfoHash infoHash = parse(hex);
      return node.get(infoHash).thenCompose(spec -> {
        if (spec.isEmpty()) {
          throw new ApiException(ApiError.notFound("no torrent " + infoHash.hex() + " in the catalogue"));
        }
        return node.status(infoHash, spec.get()).thenApply(r -> Json.response(200, TorrentViews.detail(spec.get(), r)));
      });
    });
  }

  private Route remove(String hex, boolean deleteData) {
    if (deleteData) {
      return respond(() -> known(parse(hex)).thenCompose(node::removeWithData).thenApply(reports -> {
        List<Map<String, Object>> replicas = reports.stream().map(r -> Map.<String, Object>of("replica", r.getReplica(),
            "node", r.getNode(), "deleted", r.getError().isEmpty(), "message", r.getError())).toList();
        return Json.response(200, Map.of("removed", hex.toLowerCase(Locale.ROOT), "dataDeleted", replicas));
      }));
    }
    return respond(() -> known(parse(hex)).thenCompose(infoHash -> node.remove(infoHash))
        .thenApply(outcome -> Json.response(200, Map.of("removed", hex.toLowerCase(Locale.ROOT)))));
  }

  private CompletionStage<HttpResponse> paused(String hex, boolean paused) {
    return known(parse(hex)).thenCompose(infoHash -> node.setPaused(infoHash, paused))
        .thenApply(outcome -> Json.response(200, Map.of("infoHash", hex.toLowerCase(Locale.ROOT), "paused", paused)));
  }

  private CompletionStage<HttpResponse> replicas(String hex, JsonNode body) {
    int count = replicaCount(body.path("replicas").asText());
    return known(parse(hex)).thenCompose(infoHash -> node.setReplicas(infoHash, count))
        .thenApply(outcome -> Json.response(200, Map.of("infoHash", hex.toLowerCase(Locale.ROOT), "replicaCount", count,
            "nodes", node.members().size())));
  }

  CompletionStage<InfoHash> known(InfoHash infoHash) {
    return node.get(infoHash).thenApply(spec -> {
      if (spec.isEmpty()) {
        throw new ApiException(ApiError.notFound("no torrent " + infoHash.hex() + " in the catalogue"));
      }
      return infoHash;
    });
  }

  static InfoHash parse(String hex) {
    try {
      return InfoHash.fromHex(hex);
    } catch (IllegalArgumentException e) {
      throw new ApiException(ApiError.badRequest("not an info-hash (40 hex digits): " + printable(hex)));
    }
  }

  private static int replicaCount(String text) {
    try {
      int count = Integer.parseInt(text.trim());
      if (count >= 1 && count <= MAX_REPLICAS) {
        return count;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ApiException(ApiError.badRequest("replicas must be a whole number from 1 to " + MAX_REPLICAS + ": "
        + printable(text)));
  }

  private static String printable(String text) {
    String clipped = text.length() > 48 ? text.substring(0, 48) + "..." : text;
    return clipped.replaceAll("[^\\x20-\\x7e]", "?");
  }

  /** Runs {@code work}, turning any failure, thrown or in the future, into a JSON error. */
  static Route respond(Supplier<CompletionStage<HttpResponse>> work) {
    CompletionStage<HttpResponse> stage;
    try {
      stage = work.get();
    } catch (RuntimeException e) {
      stage = CompletableFuture.failedFuture(e);
    }
    return completeWithFuture(stage.exceptionally(FleetRoutes::errorResponse));
  }

  private static HttpResponse errorResponse(Throwable error) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof ApiException api) {
      return Json.error(api.error());
    }
    if (cause instanceof Catalogue.CatalogueFullException full) {
      return Json.error(new ApiError(507, "catalogue_full", full.getMessage()));
    }
    if (cause instanceof io.seedfleet.cluster.DownloadRoots.OutsideRootsException outside) {
      return Json.error(new ApiError(403, "path_outside_tenant_root", outside.getMessage()));
    }
    if (cause instanceof IllegalArgumentException bad) {
      return Json.error(ApiError.badRequest(bad.getMessage()));
    }
    org.slf4j.LoggerFactory.getLogger(FleetRoutes.class).error("fleet API request failed", cause);
    return Json.error(new ApiError(503, "fleet_unavailable", "the fleet could not complete the request: "
        + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + printable(cause.getMessage()))));
  }
}
