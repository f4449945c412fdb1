package io.seedfleet.ops.api;

/**
 * An error the API reports: an HTTP status, a stable machine-readable code and one human line.
 * It travels as {@code {"error": {"code": ..., "message": ...}}}.
 */
public record ApiError(int status, String code, String message) {
  public static ApiError badRequest(String message) {
    return new ApiError(400, "bad_request", message);
  }

  public static ApiError notFound(String message) {
    return new ApiError(404, "not_found", message);
  }
}
