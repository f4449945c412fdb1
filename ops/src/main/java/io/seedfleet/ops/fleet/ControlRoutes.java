package io.seedfleet.ops.fleet;

import static io.seedfleet.ops.fleet.FleetRoutes.parse;
import static io.seedfleet.ops.fleet.FleetRoutes.respond;
import static org.apache.pekko.http.javadsl.server.Directives.entity;

import com.fasterxml.jackson.databind.JsonNode;
import io.seedfleet.cluster.FleetNode;
import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.ops.api.ApiError;
import io.seedfleet.ops.api.ApiException;
import io.seedfleet.ops.api.Json;
import io.seedfleet.proto.cluster.v1.FleetPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * Control of running torrents and of the fleet's engine policy: recheck, per-torrent limits and
 * file priorities, and the fleet-wide settings (rates, connections, queue, seed goal).
 */
final class ControlRoutes {
  private final FleetNode node;
  private final Function<InfoHash, CompletionStage<InfoHash>> known;

  ControlRoutes(FleetNode node, Function<InfoHash, CompletionStage<InfoHash>> known) {
    this.node = node;
    this.known = known;
  }

  Route recheck(String hex) {
    return respond(() -> known.apply(parse(hex)).thenCompose(node::recheck)
        .thenApply(sent -> Json.response(202, Map.of("infoHash", parse(hex).hex(), "recheck", "requested"))));
  }

  Route torrentLimits(String hex) {
    return entity(Unmarshaller.entityToString(), body -> respond(() -> {
      JsonNode json = Json.parse(body);
      long up = nonNegative(json, "uploadLimit", 0);
      long down = nonNegative(json, "downloadLimit", 0);
      int connections = (int) Math.min(nonNegative(json, "maxConnections", 0), 100_000);
      return known.apply(parse(hex)).thenCompose(ih -> node.setTorrentLimits(ih, up, down, connections))
          .thenApply(outcome -> Json.response(200, Map.of("infoHash", parse(hex).hex(), "uploadLimit", up,
              "downloadLimit", down, "maxConnections", connections)));
    }));
  }

  Route filePriorities(String hex) {
    return entity(Unmarshaller.entityToString(), body -> respond(() -> {
      JsonNode list = Json.parse(body).path("priorities");
      if (!list.isArray() || list.size() > 100_000) {
        throw new ApiException(ApiError.badRequest("give {\"priorities\": [...]}: one number 0 (skip) to 7 per file"));
      }
      List<Integer> priorities = new ArrayList<>();
      for (JsonNode p : list) {
        if (!p.isInt() || p.asInt() < 0 || p.asInt() > 7) {
          throw new ApiException(ApiError.badRequest("file priorities are whole numbers from 0 (skip) to 7"));
        }
        priorities.add(p.asInt());
      }
      return known.apply(parse(hex)).thenCompose(ih -> node.setFilePriorities(ih, priorities))
          .thenApply(outcome -> Json.response(200, Map.of("infoHash", parse(hex).hex(), "priorities", priorities)));
    }));
  }

  /** The torrent's files in torrent order (the indices file priorities use), with their priorities. */
  Route files(String hex) {
    return respond(() -> known.apply(parse(hex)).thenCompose(ih -> node.get(ih).thenCombine(node.metainfo(ih),
        (spec, metainfo) -> {
          if (metainfo.isEmpty()) {
            throw new ApiException(new ApiError(409, "no_metadata", "no node has the metadata of " + ih.hex() + " yet"));
          }
          List<Integer> priorities = spec.map(s -> s.getFilePrioritiesList()).orElse(List.of());
          List<Map<String, Object>> files = new ArrayList<>();
          List<io.seedfleet.engine.metainfo.FileEntry> entries = metainfo.get().files();
          for (int i = 0; i < entries.size(); i++) {
            Map<String, Object> file = new LinkedHashMap<>();
            file.put("index", i);
            file.put("path", entries.get(i).displayPath());
            file.put("size", entries.get(i).length());
            file.put("padding", entries.get(i).padding());
            file.put("priority", i < priorities.size() ? priorities.get(i) : 1);
            files.add(file);
          }
          return Json.response(200, Map.of("infoHash", ih.hex(), "files", files));
        })));
  }

  Route settings() {
    return respond(() -> node.policy().thenApply(policy -> Json.response(200, view(policy.orElse(null)))));
  }

  /** Merges the given fields into the current policy: a field left out keeps its value. */
  Route changeSettings() {
    return entity(Unmarshaller.entityToString(), body -> respond(() -> {
      JsonNode json = Json.parse(body);
      if (!json.isObject()) {
        throw new ApiException(ApiError.badRequest("give a JSON object of settings"));
      }
      return node.policy().thenCompose(current -> {
        FleetPolicy base = current.orElse(FleetPolicy.getDefaultInstance());
        FleetPolicy changed = base.toBuilder()
            .setUploadLimit(nonNegative(json, "uploadLimit", base.getUploadLimit()))
            .setDownloadLimit(nonNegative(json, "downloadLimit", base.getDownloadLimit()))
            .setMaxConnections((int) Math.min(nonNegative(json, "maxConnections", base.getMaxConnections()), 1_000_000))
            .setMaxActiveDownloads((int) Math.min(nonNegative(json, "maxActiveDownloads", base.getMaxActiveDownloads()), 100_000))
            .setMaxActiveSeeds((int) Math.min(nonNegative(json, "maxActiveSeeds", base.getMaxActiveSeeds()), 1_000_000))
            .setSeedRatio(ratio(json, base.getSeedRatio()))
            .setSeedTimeSeconds(nonNegative(json, "seedTimeSeconds", base.getSeedTimeSeconds()))
            .build();
        return node.setPolicy(changed).thenApply(outcome -> Json.response(200, view(changed)));
      });
    }));
  }

  private static Map<String, Object> view(FleetPolicy policy) {
    Map<String, Object> view = new LinkedHashMap<>();
    FleetPolicy p = policy == null ? FleetPolicy.getDefaultInstance() : policy;
    view.put("source", policy == null ? "node-config" : "fleet");
    view.put("uploadLimit", p.getUploadLimit());
    view.put("downloadLimit", p.getDownloadLimit());
    view.put("maxConnections", p.getMaxConnections());
    view.put("maxActiveDownloads", p.getMaxActiveDownloads());
    view.put("maxActiveSeeds", p.getMaxActiveSeeds());
    view.put("seedRatio", p.getSeedRatio());
    view.put("seedTimeSeconds", p.getSeedTimeSeconds());
    return view;
  }

  private static long nonNegative(JsonNode json, String field, long otherwise) {
    JsonNode value = json.get(field);
    if (value == null || value.isNull()) {
      return otherwise;
    }
    if (!value.canConvertToLong() || !value.isIntegralNumber() || value.asLong() < 0) {
      throw new ApiException(ApiError.badRequest(field + " must be a whole number, 0 (no limit) or more"));
    }
    return value.asLong();
  }

  private static double ratio(JsonNode json, double otherwise) {
    JsonNode value = json.get("seedRatio");
    if (value == null || value.isNull()) {
      return otherwise;
    }
    if (!value.isNumber() || !Double.isFinite(value.asDouble()) || value.asDouble() < 0) {
      throw new ApiException(ApiError.badRequest("seedRatio must be a number, 0 (none) or more"));
    }
    return value.asDouble();
  }
}
