package io.seedfleet.ops.cli;

import io.seedfleet.engine.metainfo.CreateOptions;
import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.engine.metainfo.TorrentCreator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code seedfleet create}: makes a v1 .torrent from a file or a directory. */
@Command(name = "create", mixinStandardHelpOptions = true, description = "Create a .torrent from a file or directory.")
final class CreateCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "PATH", description = "the file or directory to share")
  Path source;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE.torrent")
  Path output;

  @Option(names = "--tracker", paramLabel = "URL", description = "an announce URL (repeatable; one tier each)")
  List<String> trackers = new ArrayList<>();

  @Option(names = "--piece-size", defaultValue = "0", paramLabel = "BYTES",
      description = "piece size, a power of two from 16384 (default: chosen from the content size)")
  int pieceSize;

  @Option(names = "--private", description = "mark the torrent private (BEP 27: trackers only)")
  boolean privateFlag;

  @Option(names = "--comment", paramLabel = "TEXT")
  String comment;

  @Override
  public Integer call() throws Exception {
    if (!Files.exists(source)) {
      System.err.println("seedfleet: no such file or directory: " + source);
      return 1;
    }
    if (pieceSize != 0 && (pieceSize < 16384 || Integer.bitCount(pieceSize) != 1)) {
      System.err.println("seedfleet: --piece-size must be a power of two of at least 16384, got " + pieceSize);
      return 1;
    }
    ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
    try {
      byte[] torrent = TorrentCreator.create(source,
          new CreateOptions(pieceSize, trackers, privateFlag, comment, "seedfleet 0.1.0"), pool);
      Metainfo parsed = Metainfo.parse(torrent);
      Path tmp = output.resolveSibling(output.getFileName() + ".tmp");
      Files.write(tmp, torrent);
      Files.move(tmp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      InfoHash infoHash = parsed.infoHash();
      System.out.printf("%s  %s (%d pieces of %d bytes, %s)%n", infoHash, output, parsed.pieceCount(),
          parsed.pieceLength(), Progress.human(parsed.totalLength()));
      return 0;
    } catch (Exception e) {
      System.err.println("seedfleet: cannot create a torrent from " + source + ": " + e.getMessage());
      return 1;
    } finally {
      pool.shutdownNow();
    }
  }
}
