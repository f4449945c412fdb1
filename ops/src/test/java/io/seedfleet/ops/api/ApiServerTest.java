package io.seedfleet.ops.api;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.entity;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP face over real sockets: raw requests, so every header (Host included) is ours to set. */
class ApiServerTest {
  private static ActorSystem<Void> system;
  private static ApiServer server;
  private static final AtomicBoolean READY = new AtomicBoolean(false);

  @BeforeAll
  static void start() {
    system = ActorSystem.create(Behaviors.empty(), "api-test");
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    metrics.counter("seedfleet_test_requests").increment(3);
    server = ApiServer.start(system, new ApiSettings("127.0.0.1", 0, List.of("t0ken"), Set.of()), List.of(
        Endpoint.post("/api/v1/echo", () -> entity(Unmarshaller.entityToString(),
            body -> complete(Json.response(200, Map.of("keys", Json.parse(body).size()))))),
        Endpoint.get("/api/v1/boom", () -> complete(Json.response(200, List.of(1 / Integer.parseInt("0")))))),
        READY::get, metrics);
  }

  @AfterAll
  static void stop() {
    server.close();
    system.terminate();
  }

  private static String request(String raw) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", server.address().getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      socket.shutdownOutput();
      try (InputStream in = socket.getInputStream()) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
  }

  private static String get(String path, String host, String token) throws IOException {
    return request("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n"
        + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "Connection: close\r\n\r\n");
  }

  @Test
  void healthNeedsNoTokenAndReadyFollowsTheNode() throws IOException {
    assertThat(get("/health", "localhost", null)).startsWith("HTTP/1.1 200").contains("\"status\":\"up\"");
    assertThat(get("/ready", "localhost", null)).startsWith("HTTP/1.1 503").contains("\"not_ready\"");
    READY.set(true);
    assertThat(get("/ready", "localhost", null)).startsWith("HTTP/1.1 200");
  }

  @Test
  void metricsAndTheApiNeedTheToken() throws IOException {
    assertThat(get("/metrics", "localhost", null)).startsWith("HTTP/1.1 401").contains("WWW-Authenticate: Bearer");
    assertThat(get("/metrics", "localhost", "t0ken")).startsWith("HTTP/1.1 200").contains("seedfleet_test_requests_total 3.0");
    assertThat(get("/api/v1/nothing", "localhost", null)).startsWith("HTTP/1.1 401").contains("\"unauthorized\"");
  }

  @Test
  void aForeignHostHeaderIsMisdirected() throws IOException {
    assertThat(get("/api/v1/echo", "evil.example", "t0ken")).startsWith("HTTP/1.1 421").contains("misdirected_request");
  }

  @Test
  void unknownRoutesAndMalformedBodiesAreJsonErrorsWithoutStackTraces() throws IOException {
    assertThat(get("/api/v1/nothing", "localhost", "t0ken")).startsWith("HTTP/1.1 404").contains("\"not_found\"");
    assertThat(get("/nothing", "localhost", null)).startsWith("HTTP/1.1 404").contains("\"error\"");
    String deep = "[".repeat(10_000);
    String response = postJson("/api/v1/echo", deep);
    assertThat(response).startsWith("HTTP/1.1 400").contains("malformed JSON").doesNotContain("at com.");
    assertThat(postJson("/api/v1/echo", "{\"a\":1,\"b\":2}")).startsWith("HTTP/1.1 200").contains("\"keys\":2");
    assertThat(get("/api/v1/boom", "localhost", "t0ken")).startsWith("HTTP/1.1 500").contains("internal_error")
        .doesNotContain("ArithmeticException");
    assertThat(get("/api/v1/echo", "localhost", "t0ken")).startsWith("HTTP/1.1 405").contains("method_not_allowed");
  }

  @Test
  void anOversizedBodyIsRefusedWith413() throws IOException {
    String head = "POST /api/v1/echo HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer t0ken\r\n"
        + "Content-Type: application/json\r\nContent-Length: " + (ApiServer.MAX_BODY_BYTES + 1) + "\r\nConnection: close\r\n\r\n";
    assertThat(request(head)).startsWith("HTTP/1.1 413");
  }

  private static String postJson(String path, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return request("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer t0ken\r\n"
        + "Content-Type: application/json\r\nContent-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n" + body);
  }
}
