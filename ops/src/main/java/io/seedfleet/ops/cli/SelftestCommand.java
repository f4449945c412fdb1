package io.seedfleet.ops.cli;

import io.seedfleet.engine.metainfo.CreateOptions;
import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.engine.metainfo.TorrentCreator;
import io.seedfleet.engine.torrent.Torrent;
import io.seedfleet.engine.torrent.TorrentState;
import io.seedfleet.engine.torrent.TorrentStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.apache.pekko.actor.typed.ActorRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code seedfleet selftest}: creates a torrent of generated data, seeds it from one engine and
 * downloads it with a second one over loopback, and checks the copy byte for byte. It proves an
 * installation works, and the launcher runs it once to train the JVM's ahead-of-time cache.
 */
@Command(name = "selftest", mixinStandardHelpOptions = true,
    description = "Seed generated data to a second engine over loopback and verify the copy.")
final class SelftestCommand implements Callable<Integer> {
  private static final long TIMEOUT_NANOS = 120_000_000_000L;

  @Option(names = "--size-mib", defaultValue = "256", description = "size of the generated data (default: ${DEFAULT-VALUE})")
  int sizeMib;

  @Override
  public Integer call() throws Exception {
    Path dir = Files.createTempDirectory("seedfleet-selftest");
    try {
      Path seedDir = dir.resolve("seed");
      Path data = seedDir.resolve("selftest.bin");
      generate(data, (long) sizeMib << 20);
      Metainfo metainfo;
      ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
      try {
        metainfo = Metainfo.parse(TorrentCreator.create(data, new CreateOptions(1 << 20, List.of(), false, null,
            "seedfleet selftest"), pool));
      } finally {
        pool.shutdownNow();
      }
      try (LocalEngine seeder = new LocalEngine(new InetSocketAddress("127.0.0.1", 0));
           LocalEngine leecher = new LocalEngine(new InetSocketAddress("127.0.0.1", 0))) {
        ActorRef<Torrent.Command> seeding = seeder.add(metainfo, seedDir, List.of());
        if (await(seeder, seeding) != TorrentState.SEEDING) {
          return fail("the seeder did not accept its own data");
        }
        long started = System.nanoTime();
        InetSocketAddress seederAddress = new InetSocketAddress("127.0.0.1", seeder.listenPort());
        ActorRef<Torrent.Command> leeching = leecher.add(metainfo, dir.resolve("leech"), List.of(seederAddress));
        if (await(leecher, leeching) != TorrentState.SEEDING) {
          return fail("the download did not complete");
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (Files.mismatch(data, dir.resolve("leech").resolve("selftest.bin")) != -1) {
          return fail("the downloaded copy differs from the original");
        }
        System.out.printf("seedfleet: selftest passed: %d MiB over loopback in %.1f s (%.0f MB/s)%n",
            sizeMib, seconds, metainfo.totalLength() / seconds / 1e6);
        return 0;
      }
    } finally {
      deleteTree(dir);
    }
  }

  private static TorrentState await(LocalEngine engine, ActorRef<Torrent.Command> torrent) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT_NANOS;
    while (System.nanoTime() < deadline) {
      TorrentStatus status = engine.status(torrent);
      if (status.complete() || status.state() == TorrentState.ERROR) {
        return status.state();
      }
      Thread.sleep(50);
    }
    return TorrentState.ERROR;
  }

  private static int fail(String why) {
    System.err.println("seedfleet: selftest failed: " + why);
    return 1;
  }

  private static void generate(Path file, long size) throws IOException {
    Files.createDirectories(file.getParent());
    SplittableRandom random = new SplittableRandom(2026);
    byte[] chunk = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = size; left > 0; left -= chunk.length) {
        random.nextBytes(chunk);
        out.write(chunk, 0, (int) Math.min(chunk.length, left));
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
