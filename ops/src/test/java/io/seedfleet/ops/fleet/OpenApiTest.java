package io.seedfleet.ops.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.seedfleet.ops.api.ApiServer;
import io.seedfleet.ops.api.Endpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/openapi.json against the server's route table, the list the route tree is built from: every
 * route is documented and every documented operation is a route. FleetApiIT then drives each
 * documented operation through a running node.
 */
class OpenApiTest {
  static final Path SPEC = Path.of("..", "docs", "openapi.json");
  private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
  private static JsonNode spec;

  @BeforeAll
  static void load() throws IOException {
    spec = new ObjectMapper().readTree(SPEC.toFile());
  }

  /** {@code "GET /api/v1/torrents/{infoHash}"} for every operation in the document. */
  static Set<String> documentedOperations(JsonNode spec) {
    Set<String> operations = new TreeSet<>();
    spec.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
      if (HTTP_METHODS.contains(op.getKey())) {
        operations.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
      }
    }));
    return operations;
  }

  /** The same for the routes the server is built from. A null node is fine: handlers are not run. */
  static Set<String> serverRoutes() {
    List<Endpoint> api = new FleetRoutes(null, null).endpoints();
    Set<String> routes = new TreeSet<>();
    for (Endpoint e : ApiServer.table(api, () -> true, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).endpoints()) {
      routes.add(e.method() + " " + e.path());
    }
    return routes;
  }

  @Test
  void theDocumentListsExactlyTheServersRoutes() {
    Set<String> documented = documentedOperations(spec);
    Set<String> routes = serverRoutes();
    Set<String> undocumented = new TreeSet<>(routes);
    undocumented.removeAll(documented);
    Set<String> phantom = new TreeSet<>(documented);
    phantom.removeAll(routes);
    assertThat(undocumented).as("routes missing from " + SPEC).isEmpty();
    assertThat(phantom).as("documented operations the server does not have").isEmpty();
    assertThat(routes).contains("GET /health", "GET /metrics", "POST /api/v1/torrents", "PUT /api/v1/torrents/{infoHash}/replicas");
  }

  @Test
  void everyReferenceResolvesAndEveryPathParameterIsDeclared() {
    List<String> refs = new ArrayList<>();
    collectRefs(spec, refs);
    assertThat(refs).isNotEmpty();
    for (String ref : refs) {
      assertThat(ref).startsWith("#/");
      assertThat(spec.at(ref.substring(1)).isMissingNode()).as("dangling $ref " + ref).isFalse();
    }
    Pattern param = Pattern.compile("\\{(\\w+)}");
    spec.path("paths").properties().forEach(path -> {
      Matcher m = param.matcher(path.getKey());
      while (m.find()) {
        String name = m.group(1);
        boolean declared = false;
        for (JsonNode p : path.getValue().path("parameters")) {
          JsonNode resolved = p.has("$ref") ? spec.at(p.get("$ref").asText().substring(1)) : p;
          declared |= resolved.path("name").asText().equals(name) && resolved.path("in").asText().equals("path");
        }
        assertThat(declared).as(path.getKey() + " declares {" + name + "}").isTrue();
      }
    });
  }

  @Test
  void everyOperationDocumentsItsSuccessAndApiErrorsUseTheErrorObject() {
    spec.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
      if (!HTTP_METHODS.contains(op.getKey())) {
        return;
      }
      JsonNode responses = op.getValue().path("responses");
      boolean success = false;
      for (Iterator<String> codes = responses.fieldNames(); codes.hasNext(); ) {
        String code = codes.next();
        success |= code.startsWith("2");
        if (code.startsWith("4") || code.startsWith("5")) {
          JsonNode response = responses.get(code);
          JsonNode resolved = response.has("$ref") ? spec.at(response.get("$ref").asText().substring(1)) : response;
          assertThat(resolved.at("/content/application~1json/schema/$ref").asText())
              .as(op.getKey() + " " + path.getKey() + " " + code).isEqualTo("#/components/schemas/Error");
        }
      }
      assertThat(success).as(op.getKey() + " " + path.getKey() + " has a 2xx response").isTrue();
    }));
  }

  private static void collectRefs(JsonNode node, List<String> refs) {
    if (node.isObject()) {
      node.properties().forEach(e -> {
        if (e.getKey().equals("$ref")) {
          refs.add(e.getValue().asText());
        } else {
          collectRefs(e.getValue(), refs);
        }
      });
    } else if (node.isArray()) {
      node.forEach(n -> collectRefs(n, refs));
    }
  }
}
