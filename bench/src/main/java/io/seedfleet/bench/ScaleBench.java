package io.seedfleet.bench;

import io.seedfleet.engine.dormant.DormancyConfig;
import io.seedfleet.engine.dormant.DormantFiles;
import io.seedfleet.engine.metainfo.CreateOptions;
import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.engine.metainfo.TorrentCreator;
import io.seedfleet.engine.session.Session;
import io.seedfleet.engine.session.SessionConfig;
import io.seedfleet.engine.torrent.Torrent;
import io.seedfleet.engine.torrent.TorrentState;
import io.seedfleet.engine.torrent.TorrentStatus;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * Scale on one node (issue 6): N small generated torrents in one engine session. Measures the
 * heap per torrent once all are ready, the time to get there, and the time to be ready again
 * after a restart; {@code bench/scale.py} runs it per mode and prints the table for
 * docs/BENCHMARKS.md.
 *
 * <pre>
 * ScaleBench generate DIR N          # N files of 1-4 KiB and their .torrent files (not timed)
 * ScaleBench run DIR N dormant|plain # one measured run; prints one "RESULT key=value ..." line
 * </pre>
 *
 * {@code plain} is the engine without dormancy (one actor, picker and metainfo per torrent), whose
 * restart re-adds every .torrent; {@code dormant} sleeps idle torrents and restarts from the index.
 */
public final class ScaleBench {
  private static final Duration ASK = Duration.ofSeconds(60);
  private static final int WINDOW = 512;
  /**
   * Dormant mode adds at most this many torrents beyond those already asleep: each running torrent
   * keeps its file open, and this machine allows 20,000 open files per process (the engine has no
   * node-wide file-handle budget yet). Plain mode has no such window: every torrent stays running.
   */
  private static final int MAX_AWAKE = 8_000;

  private ScaleBench() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[1]);
    int count = Integer.parseInt(args[2]);
    switch (args[0]) {
      case "generate" -> generate(dir, count);
      case "run" -> run(dir, count, args[3].equals("dormant"));
      default -> throw new IllegalArgumentException("generate or run");
    }
    System.exit(0);
  }

  static void generate(Path dir, int count) throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    Path torrents = Files.createDirectories(dir.resolve("torrents"));
    Random random = new Random(6);
    try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
      for (int i = 0; i < count; i++) {
        byte[] content = new byte[1024 + random.nextInt(3 * 1024 + 1)];
        random.nextBytes(content);
        Path file = data.resolve(String.format(Locale.ROOT, "file-%06d.bin", i));
        Files.write(file, content);
        byte[] torrent =
            TorrentCreator.create(file, new CreateOptions(16 * 1024, List.of(), false, null, "scale"), pool);
        Files.write(torrents.resolve(String.format(Locale.ROOT, "t-%06d.torrent", i)), torrent);
      }
    }
  }

  static void run(Path dir, int count, boolean dormant) throws Exception {
    Path resume = dir.resolve("resume-" + (dormant ? "dormant" : "plain"));
    deleteTree(resume);
    SessionConfig config = SessionConfig.defaults(new InetSocketAddress("127.0.0.1", 0)).withResumeDir(resume);
    if (dormant) {
      config = config.withDormancy(DormancyConfig.on(Duration.ZERO, Duration.ofSeconds(2)));
    }
    List<Path> files;
    try (var listing = Files.list(dir.resolve("torrents"))) {
      files = listing.sorted().limit(count).toList();
    }
    long baseline = heapAfterGc();
    ActorSystem<Session.Command> system = ActorSystem.create(Session.create(config), "scale");
    info(system);
    long emptySession = heapAfterGc() - baseline;

    long started = System.nanoTime();
    addAll(system, files, dir.resolve("data"), dormant);
    long added = System.nanoTime();
    waitReady(system, count, dormant);
    long ready = System.nanoTime();
    long heap = heapAfterGc() - baseline - emptySession;
    stop(system);
    long stopped = System.nanoTime();

    long restartStarted = System.nanoTime();
    ActorSystem<Session.Command> again = ActorSystem.create(Session.create(config), "scale");
    info(again);
    if (!dormant) {
      addAll(again, files, dir.resolve("data"), false); // today's restart: every .torrent added again
    }
    waitReady(again, count, dormant);
    long restartReady = System.nanoTime();
    long heapAfterRestart = heapAfterGc() - baseline - emptySession;
    String pause = System.getenv("SCALE_PAUSE_S"); // time to take a heap histogram (jmap -histo:live)
    if (pause != null) {
      System.out.println("PAUSED pid=" + ProcessHandle.current().pid());
      Thread.sleep(Long.parseLong(pause) * 1000);
    }
    double wakeMs = dormant ? wakeLatencyMs(again, 50) : Double.NaN;
    stop(again);

    double fallbackSeconds = Double.NaN;
    if (dormant) { // the index damaged: the session reads every .torrent copy instead
      Files.deleteIfExists(resume.resolve(DormantFiles.INDEX_FILE));
      long fallbackStarted = System.nanoTime();
      ActorSystem<Session.Command> third = ActorSystem.create(Session.create(config), "scale");
      waitReady(third, count, true);
      fallbackSeconds = seconds(System.nanoTime() - fallbackStarted);
      stop(third);
    }
    System.out.printf(Locale.ROOT, "RESULT mode=%s torrents=%d add_s=%.1f ready_s=%.1f heap_per_torrent_b=%d "
            + "empty_session_mib=%.1f stop_s=%.1f restart_ready_s=%.1f heap_after_restart_per_torrent_b=%d "
            + "wake_ms=%.1f fallback_restart_s=%.1f%n",
        dormant ? "dormant" : "plain", count, seconds(added - started), seconds(ready - started), heap / count,
        emptySession / 1048576.0, seconds(stopped - ready), seconds(restartReady - restartStarted),
        heapAfterRestart / count, wakeMs, fallbackSeconds);
  }

  /**
   * Parses and adds every torrent, at most {@link #WINDOW} adds in flight and, when {@code
   * awakeWindow}, at most {@link #MAX_AWAKE} torrents not yet asleep.
   */
  private static void addAll(ActorSystem<Session.Command> system, List<Path> files, Path data, boolean awakeWindow)
      throws Exception {
    Semaphore window = new Semaphore(WINDOW);
    List<String> errors = new ArrayList<>();
    int added = 0;
    for (Path file : files) {
      if (awakeWindow && added % 1000 == 0) {
        while (added - dormancy(system).dormant() >= MAX_AWAKE) {
          Thread.sleep(250);
        }
      }
      added++;
      Metainfo metainfo = Metainfo.parse(Files.readAllBytes(file));
      window.acquire();
      AskPattern.<Session.Command, Session.AddResult>ask(system,
              r -> new Session.AddTorrent(metainfo, data, List.of(), r), ASK, system.scheduler())
          .whenComplete((result, failure) -> {
            if (failure != null || result.error() != null) {
              synchronized (errors) {
                errors.add(failure != null ? failure.toString() : result.error());
              }
            }
            window.release();
          });
    }
    window.acquire(WINDOW);
    if (!errors.isEmpty()) {
      throw new IllegalStateException(errors.size() + " adds failed, first: " + errors.get(0));
    }
  }

  /** Dormant: every torrent sleeps; plain: every torrent seeds. Fails after two minutes without progress. */
  private static void waitReady(ActorSystem<Session.Command> system, int count, boolean dormant) throws Exception {
    int last = -1;
    long lastProgress = System.nanoTime();
    while (true) {
      int ready;
      if (dormant) {
        Session.DormancyStats stats = dormancy(system);
        ready = stats.restored() ? stats.dormant() : 0;
      } else {
        ready = seeding(system);
      }
      if (ready == count) {
        return;
      }
      if (ready != last) {
        last = ready;
        lastProgress = System.nanoTime();
      } else if (System.nanoTime() - lastProgress > Duration.ofMinutes(2).toNanos()) {
        throw new IllegalStateException(
            "stalled: " + ready + " of " + count + " ready" + (dormant ? ", " + dormancy(system) : ""));
      }
      Thread.sleep(250);
    }
  }

  private static Session.DormancyStats dormancy(ActorSystem<Session.Command> system) throws Exception {
    return AskPattern.<Session.Command, Session.DormancyStats>ask(system, Session.GetDormancy::new, ASK,
        system.scheduler()).toCompletableFuture().get();
  }

  private static int seeding(ActorSystem<Session.Command> system) throws Exception {
    Map<InfoHash, ActorRef<Torrent.Command>> torrents = AskPattern.<Session.Command,
        Map<InfoHash, ActorRef<Torrent.Command>>>ask(system, Session.GetTorrents::new, ASK, system.scheduler())
        .toCompletableFuture().get();
    List<CompletableFuture<TorrentStatus>> asks = new ArrayList<>(torrents.size());
    torrents.values().forEach(t -> asks.add(AskPattern.<Torrent.Command, TorrentStatus>ask(t, Torrent.GetStatus::new,
        ASK, system.scheduler()).toCompletableFuture()));
    int seeding = 0;
    for (CompletableFuture<TorrentStatus> ask : asks) {
      if (ask.get().state() == TorrentState.SEEDING) {
        seeding++;
      }
    }
    return seeding;
  }

  /** An inbound BitTorrent handshake for a dormant torrent: the time until its handshake comes back. */
  private static double wakeLatencyMs(ActorSystem<Session.Command> system, int samples) throws Exception {
    int port = info(system).listenPort();
    List<InfoHash> hashes = new ArrayList<>(AskPattern.<Session.Command, Map<InfoHash, ActorRef<Torrent.Command>>>ask(
        system, Session.GetTorrents::new, ASK, system.scheduler()).toCompletableFuture().get().keySet());
    java.util.Collections.shuffle(hashes, new Random(7));
    double[] millis = new double[samples];
    for (int i = 0; i < samples; i++) {
      long started = System.nanoTime();
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write(19);
        out.write("BitTorrent protocol".getBytes(StandardCharsets.US_ASCII));
        out.write(new byte[8]);
        out.write(hashes.get(i).bytes());
        out.write("-SB0001-scalebench00".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        new DataInputStream(socket.getInputStream()).readFully(new byte[68]);
      }
      millis[i] = (System.nanoTime() - started) / 1e6;
    }
    Arrays.sort(millis);
    return millis[samples / 2];
  }

  private static Session.SessionInfo info(ActorSystem<Session.Command> system) throws Exception {
    return AskPattern.<Session.Command, Session.SessionInfo>ask(system, Session.GetInfo::new, ASK, system.scheduler())
        .toCompletableFuture().get();
  }

  private static void stop(ActorSystem<Session.Command> system) throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.MINUTES);
  }

  private static long heapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var walk = Files.walk(root)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
