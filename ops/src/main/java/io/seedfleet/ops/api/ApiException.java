package io.seedfleet.ops.api;

/** Thrown by a route to answer with {@link #error()}; the server turns it into a JSON response. */
public final class ApiException extends RuntimeException {
  private final ApiError error;

  public ApiException(ApiError error) {
    super(error.message(), null, false, false);
    this.error = error;
  }

  public ApiError error() {
    return error;
  }
}
