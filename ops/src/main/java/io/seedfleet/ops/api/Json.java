package io.seedfleet.ops.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Map;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/**
 * JSON in and out of the admin API. Request bodies are read with tight limits (nesting 32 deep,
 * 1,000-digit numbers, 1 MiB strings) so a hostile body cannot exhaust the stack or the heap.
 */
public final class Json {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .build();

  static {
    MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
        .maxNestingDepth(32).maxNumberLength(1000).maxStringLength(1 << 20).build());
  }

  private Json() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Parses a request body; malformed JSON is an {@link ApiException} with status 400. */
  public static JsonNode parse(String body) {
    try {
      return MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new ApiException(ApiError.badRequest("malformed JSON: " + ApiGuard.printable(e.getOriginalMessage())));
    }
  }

  public static HttpResponse response(int status, Object body) {
    try {
      return HttpResponse.create().withStatus(StatusCodes.get(status))
          .withEntity(ContentTypes.APPLICATION_JSON, MAPPER.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON for " + body.getClass().getName(), e);
    }
  }

  public static HttpResponse error(ApiError error) {
    return response(error.status(), Map.of("error", Map.of("code", error.code(), "message", error.message())));
  }
}
