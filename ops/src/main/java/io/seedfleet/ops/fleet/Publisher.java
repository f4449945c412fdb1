package io.seedfleet.ops.fleet;

import io.seedfleet.cluster.FleetNode;
import io.seedfleet.engine.metainfo.CreateOptions;
import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.engine.metainfo.TorrentCreator;
import io.seedfleet.engine.session.Session;
import io.seedfleet.ops.api.ApiError;
import io.seedfleet.ops.api.ApiException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * Publishing: local content on this node becomes a torrent that this node seeds in place (outside
 * the catalogue's data directories) and registers as a source, so the replicas pull it by BitTorrent.
 */
public final class Publisher implements AutoCloseable {
  private final FleetNode node;
  private final ExecutorService hashing = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()),
      r -> Thread.ofPlatform().daemon().name("seedfleet-publish").unstarted(r));

  /** Where content may be published from; null = anywhere this process can read. */
  private final io.seedfleet.cluster.DownloadRoots roots;

  public Publisher(FleetNode node) {
    this(node, null);
  }

  public Publisher(FleetNode node, io.seedfleet.cluster.DownloadRoots roots) {
    this.node = node;
    this.roots = roots;
  }

  /** Hashes {@code path} (a file or a directory) off the caller's thread, seeds it, and returns the .torrent. */
  public CompletionStage<byte[]> publish(String path, int pieceSize) {
    Path source = Path.of(path).toAbsolutePath().normalize();
    if (roots != null) {
      roots.check(source.toString()); // 403: seeding a file exposes it to the whole swarm
    }
    if (!Files.exists(source)) {
      throw new ApiException(new ApiError(400, "no_such_path", "nothing to publish at " + source + " on this node"));
    }
    return CompletableFuture.supplyAsync(() -> {
      try {
        return TorrentCreator.create(source, new CreateOptions(pieceSize, List.of(), false, null, "seedfleet"), hashing);
      } catch (Exception e) {
        throw new ApiException(new ApiError(400, "cannot_publish", "cannot make a torrent of " + source + ": " + e.getMessage()));
      }
    }, hashing).thenCompose(torrent -> {
      Metainfo metainfo;
      try {
        metainfo = Metainfo.parse(torrent);
      } catch (Exception e) {
        throw new ApiException(new ApiError(500, "internal_error", "the created torrent does not parse: " + e.getMessage()));
      }
      return AskPattern.<Session.Command, Session.AddResult>ask(node.session(),
              reply -> new Session.AddTorrent(metainfo, source.getParent(), List.of(), reply), Duration.ofSeconds(10),
              node.system().scheduler())
          .thenApply(result -> {
            if (result.torrent() == null && !result.error().contains("already running")) {
              throw new ApiException(new ApiError(409, "cannot_seed", result.error()));
            }
            node.markPublished(metainfo.infoHash());
            node.addExternalSource(metainfo.infoHash(), node.btAddress());
            return torrent;
          });
    });
  }

  @Override
  public void close() {
    hashing.shutdownNow();
  }
}
