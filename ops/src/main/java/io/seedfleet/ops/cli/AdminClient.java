package io.seedfleet.ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The admin verbs' side of the HTTP API: one request, JSON back, every failure one clear line. */
final class AdminClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final URI base;
  private final String token;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  AdminClient(String url, String token) throws CliException {
    try {
      String trimmed = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
      this.base = URI.create(trimmed.contains("://") ? trimmed : "http://" + trimmed);
    } catch (IllegalArgumentException e) {
      throw new CliException("bad API URL " + url + ": " + e.getMessage());
    }
    this.token = token == null || token.isBlank() ? null : token;
  }

  JsonNode get(String path) throws CliException {
    return send(builder(path).GET());
  }

  JsonNode post(String path, String contentType, byte[] body) throws CliException {
    return send(builder(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  JsonNode put(String path, String json) throws CliException {
    return send(builder(path).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  JsonNode delete(String path) throws CliException {
    return send(builder(path).DELETE());
  }

  private HttpRequest.Builder builder(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/api/v1" + path)).timeout(TIMEOUT);
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  private JsonNode send(HttpRequest.Builder request) throws CliException {
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (ConnectException e) {
      throw new CliException("cannot reach the seedfleet API at " + base + " (is a node running? set --api or SEEDFLEET_API)");
    } catch (IOException e) {
      throw new CliException("the seedfleet API at " + base + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted");
    }
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (IOException e) {
      throw new CliException("the API at " + base + " answered " + response.statusCode() + " with something that is not JSON");
    }
    if (response.statusCode() >= 400) {
      JsonNode error = body == null ? null : body.path("error");
      String message = error == null || error.isMissingNode() ? "HTTP " + response.statusCode()
          : error.path("message").asText("HTTP " + response.statusCode());
      throw new CliException(message + " (" + response.statusCode() + ")");
    }
    return body;
  }

  static String pretty(JsonNode node) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    } catch (IOException e) {
      return node.toString();
    }
  }
}
