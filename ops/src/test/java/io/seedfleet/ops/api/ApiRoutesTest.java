package io.seedfleet.ops.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.headers.Host;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.testkit.TestRoute;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.junit.jupiter.api.Test;

/** The admin API's route tree (guard, table, error handling) through Pekko HTTP's route testkit. */
class ApiRoutesTest extends PekkoRouteTest {
  private static final String TOKEN = "route-t0ken";

  private final TestRoute route = testRoute(ApiServer.root(
      new ApiGuard(new ApiSettings("127.0.0.1", 0, List.of(TOKEN), Set.of("seedbox.example"))),
      ApiServer.table(List.of(
          Endpoint.post("/api/v1/echo", () -> entity(Unmarshaller.entityToString(),
              body -> complete(Json.response(200, Map.of("keys", Json.parse(body).size()))))),
          new Endpoint("GET", "/api/v1/things/{id}", p -> complete(Json.response(200, Map.of("id", p.get("id")))))),
          () -> true, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))));

  private static HttpRequest authorized(HttpRequest request) {
    return request.addHeader(Host.create("localhost")).addHeader(RawHeader.create("Authorization", "Bearer " + TOKEN));
  }

  @Test
  void healthAndReadyNeedNoTokenButTheApiDoes() {
    route.run(HttpRequest.GET("/health").addHeader(Host.create("localhost")))
        .assertStatusCode(200).assertMediaType("application/json").assertEntity("{\"status\":\"up\"}");
    route.run(HttpRequest.GET("/ready").addHeader(Host.create("localhost"))).assertStatusCode(200);
    route.run(HttpRequest.GET("/api/v1/things/7").addHeader(Host.create("localhost")))
        .assertStatusCode(401).assertHeaderExists("WWW-Authenticate", "Bearer");
    route.run(authorized(HttpRequest.GET("/api/v1/things/7"))).assertStatusCode(200).assertEntity("{\"id\":\"7\"}");
    route.run(authorized(HttpRequest.GET("/metrics"))).assertStatusCode(200).assertMediaType("text/plain");
  }

  @Test
  void aForeignHostIsRefusedAndAConfiguredOneAccepted() {
    String refused = route.run(HttpRequest.GET("/api/v1/things/1").addHeader(Host.create("evil.example"))
        .addHeader(RawHeader.create("Authorization", "Bearer " + TOKEN))).assertStatusCode(421).entityString();
    assertThat(refused).contains("\"code\":\"misdirected_request\"");
    route.run(HttpRequest.GET("/api/v1/things/1").addHeader(Host.create("seedbox.example"))
        .addHeader(RawHeader.create("Authorization", "Bearer " + TOKEN))).assertStatusCode(200);
  }

  @Test
  void unknownPathsWrongMethodsAndBadBodiesAreJsonErrors() {
    assertThat(route.run(authorized(HttpRequest.GET("/api/v1/nothing"))).assertStatusCode(404).entityString())
        .contains("\"code\":\"not_found\"");
    assertThat(route.run(authorized(HttpRequest.DELETE("/api/v1/things/1"))).assertStatusCode(405).entityString())
        .contains("\"code\":\"method_not_allowed\"");
    String malformed = route.run(authorized(HttpRequest.POST("/api/v1/echo")
        .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, "{\"a\": ")))).assertStatusCode(400).entityString();
    assertThat(malformed).contains("malformed JSON").doesNotContain("Exception").doesNotContain("\tat ");
    route.run(authorized(HttpRequest.POST("/api/v1/echo")
        .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, "{\"a\": 1, \"b\": 2}"))))
        .assertStatusCode(200).assertEntity("{\"keys\":2}");
  }

  @Test
  void aBodyOverTheLimitIs413() {
    byte[] big = new byte[(int) ApiServer.MAX_BODY_BYTES + 1];
    String reply = route.run(authorized(HttpRequest.POST("/api/v1/echo")
        .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, big)))).assertStatusCode(413).entityString();
    assertThat(reply).contains("\"error\"");
  }
}
