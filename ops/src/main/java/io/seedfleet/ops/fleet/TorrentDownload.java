package io.seedfleet.ops.fleet;

import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.ops.api.ApiError;
import io.seedfleet.ops.api.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Fetches a .torrent file from an http(s) URL for {@code POST /api/v1/torrents {"url": ...}}: at
 * most {@link Metainfo#MAX_TORRENT_SIZE} bytes, read with a cap (a lying Content-Length changes
 * nothing), 30 s in all, up to 5 redirects. Only operators holding a token can ask for it, and it
 * goes where they point, internal hosts included: that is where release servers live.
 */
final class TorrentDownload {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
      .followRedirects(HttpClient.Redirect.NORMAL).build();

  private TorrentDownload() {}

  static CompletionStage<byte[]> fetch(String url) {
    URI uri;
    try {
      uri = URI.create(url.trim());
    } catch (IllegalArgumentException e) {
      throw new ApiException(ApiError.badRequest("not a URL: " + e.getMessage()));
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      throw new ApiException(ApiError.badRequest("the url must be http:// or https:// with a host"));
    }
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", "application/x-bittorrent")
        .GET().build();
    return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream()).thenApply(response -> {
      try (InputStream body = response.body()) {
        if (response.statusCode() != 200) {
          throw new ApiException(new ApiError(422, "url_failed", "fetching " + uri + " answered HTTP " + response.statusCode()));
        }
        byte[] bytes = body.readNBytes(Metainfo.MAX_TORRENT_SIZE + 1);
        if (bytes.length > Metainfo.MAX_TORRENT_SIZE) {
          throw new ApiException(new ApiError(422, "url_failed", uri + " is larger than a .torrent may be ("
              + Metainfo.MAX_TORRENT_SIZE + " bytes)"));
        }
        return bytes;
      } catch (IOException e) {
        throw new ApiException(new ApiError(422, "url_failed", "reading " + uri + " failed: " + e.getMessage()));
      }
    }).exceptionallyCompose(error -> {
      Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
          ? error.getCause() : error;
      if (cause instanceof ApiException) {
        return CompletableFuture.failedFuture(cause);
      }
      return CompletableFuture.failedFuture(new ApiException(new ApiError(422, "url_failed",
          "cannot fetch " + uri + ": " + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()))));
    });
  }
}
