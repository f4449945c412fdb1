package io.seedfleet.ops.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.seedfleet.cluster.FleetNode;
import io.seedfleet.cluster.FleetSettings;
import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.ops.api.ApiServer;
import io.seedfleet.ops.api.ApiSettings;
import io.seedfleet.ops.fleet.FleetRoutes;
import io.seedfleet.ops.fleet.NodeMetrics;
import io.seedfleet.ops.fleet.Publisher;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code seedfleet node}: one node of a fleet. Alone, with no flags, it founds a one-node fleet on
 * embedded defaults (data under ./data, everything on 127.0.0.1). Torrents come through the admin
 * API ({@code seedfleet add}) or as {@code .torrent} files dropped into {@code DATA/torrents}, which
 * are added to the fleet's catalogue at start.
 */
@Command(name = "node", mixinStandardHelpOptions = true,
    description = "Run a seedfleet node (a one-node fleet, or a member of the fleet given by --seed-nodes).")
final class NodeCommand implements Callable<Integer> {
  static final String DEFAULT_API = "127.0.0.1:8900";

  @Mixin
  private DiscoveryOptions discovery;

  @Option(names = "--config", paramLabel = "FILE", description = "a HOCON file with seedfleet.* settings; flags win over it")
  Path configFile;

  @Option(names = "--data", paramLabel = "DIR", description = "data directory (default: ./data)")
  Path data;

  @Option(names = "--bt-port", description = "BitTorrent listen port (default: 6881)")
  Integer btPort;

  @Option(names = "--cluster-port", description = "cluster (Pekko Artery) port (default: 2552)")
  Integer clusterPort;

  @Option(names = "--bind", description = "address for BitTorrent and the cluster (default: 127.0.0.1)")
  String bind;

  @Option(names = "--api", paramLabel = "HOST:PORT", description = "admin API address (default: " + DEFAULT_API + ")")
  String api;

  @Option(names = "--seed-nodes", split = ",", paramLabel = "HOST:PORT",
      description = "cluster addresses of running nodes to join (default: none, found a new fleet)")
  List<String> seedNodes;

  @Option(names = "--tracker-port", paramLabel = "PORT",
      description = "serve a BitTorrent tracker (HTTP and UDP) on this port, 0 = any free port (default: off, or seedfleet.tracker.port)")
  Integer trackerPort;

  @Option(names = "--tracker-open", description = "let the tracker answer any info-hash, not only the fleet's torrents")
  boolean trackerOpen;

  @Override
  public Integer call() throws Exception {
    Config config = loadConfig();
    FleetSettings settings = settings(config);
    Path dataDir = settings.dataDir();
    Files.createDirectories(dataDir.resolve("torrents"));
    ApiSettings apiSettings = apiSettings(config, settings.host());
    try {
      apiSettings.validate();
    } catch (IllegalArgumentException e) {
      throw new CliException(e.getMessage());
    }
    LocalEngine.checkBindable(new InetSocketAddress(settings.host(), settings.btPort()));
    var enginePolicy = EngineSettings.from(config, dataDir.resolve("resume")); // FleetNode's resume dir too
    FleetNode node;
    try {
      List<String> dhtBootstrap = config.hasPath("seedfleet.dht.bootstrap")
          ? config.getStringList("seedfleet.dht.bootstrap") : List.of();
      node = FleetNode.start(settings,
          engine -> enginePolicy.apply(
              discovery.sessionConfig(engine.listen(), dataDir.resolve("dht.state"), dhtBootstrap)));
    } catch (RuntimeException e) {
      throw new CliException("cannot start the node: " + rootMessage(e));
    }
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (node; Publisher publisher = new Publisher(node, publishRoots(config, apiSettings));
         NodeTracker tracker = NodeTracker.start(node.system(), settings.host(), trackerPort, trackerOpen)) {
      node.awaitUp(Duration.ofSeconds(60));
      NodeMetrics nodeMetrics = NodeMetrics.start(metrics, node, NodeMetrics.DEFAULT_INTERVAL);
      ApiServer server;
      try {
        server = ApiServer.start(node.system(), apiSettings, new FleetRoutes(node, publisher).endpoints(),
            () -> true, metrics);
      } catch (RuntimeException e) {
        throw new CliException("cannot serve the admin API on " + apiSettings.host() + ":" + apiSettings.port() + ": "
            + rootMessage(e));
      }
      java.util.concurrent.ScheduledExecutorService holdersRefresh = java.util.concurrent.Executors
          .newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("seedfleet-tracker-holders").unstarted(r));
      if (tracker.enabled()) {
        holdersRefresh.scheduleWithFixedDelay(() -> publishHolders(node, tracker), 2, 5, java.util.concurrent.TimeUnit.SECONDS);
      }
      try (AutoCloseable watch = node.watchCatalogue(specs -> specs.keySet().forEach(hex -> tracker.allow(InfoHash.fromHex(hex))));
           AutoCloseable stopRefresh = holdersRefresh::shutdownNow; nodeMetrics) {
        int imported = importTorrentFiles(node, dataDir.resolve("torrents"));
        System.out.printf("seedfleet: node %s up; BitTorrent on %s; admin API on http://%s:%d/api/v1/; data in %s%n",
            node.clusterHostPort(), hostPort(node.btAddress()), apiSettings.host(), server.address().getPort(),
            dataDir.toAbsolutePath());
        if (tracker.describe() != null) {
          System.out.println(tracker.describe());
        }
        System.out.println("seedfleet: " + imported + " .torrent files from " + dataDir.resolve("torrents").toAbsolutePath()
            + " are in the catalogue; add more with `seedfleet add`; Ctrl-C stops");
        System.out.flush();
        Thread main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(main::interrupt));
        try {
          Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
          return 0;
        } finally {
          server.close();
        }
      }
    }
    return 0;
  }

  /** Every holder of every catalogue torrent becomes a peer the built-in tracker hands out. */
  private static void publishHolders(FleetNode node, NodeTracker tracker) {
    try {
      for (String hex : node.list().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS).keySet()) {
        InfoHash infoHash = InfoHash.fromHex(hex);
        tracker.announceHolders(infoHash, node.holders(infoHash).toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS));
      }
    } catch (Exception e) {
      org.slf4j.LoggerFactory.getLogger(NodeCommand.class).debug("tracker holders refresh failed: {}", e.toString());
    }
  }

  private Config loadConfig() throws CliException {
    Config base = ConfigFactory.defaultReference();
    if (configFile == null) {
      return base;
    }
    if (!Files.isRegularFile(configFile)) {
      throw new CliException("no config file at " + configFile);
    }
    try {
      return ConfigFactory.parseFile(configFile.toFile()).withFallback(base).resolve();
    } catch (RuntimeException e) {
      throw new CliException("cannot read " + configFile + ": " + e.getMessage());
    }
  }

  /**
   * Where `add --publish` may read: {@code seedfleet.fleet.publish-roots}; when none are set, anywhere
   * while the API listens on loopback only (the operator is on this host), nowhere once it is
   * reachable from other hosts (a remote token holder must not seed this node's files to the world).
   */
  static io.seedfleet.cluster.DownloadRoots publishRoots(Config config, ApiSettings api) {
    List<String> roots = config.hasPath("seedfleet.fleet.publish-roots")
        ? config.getStringList("seedfleet.fleet.publish-roots") : List.of();
    if (roots.isEmpty() && ApiSettings.isLoopback(api.host())) {
      return null;
    }
    return new io.seedfleet.cluster.DownloadRoots(roots, "seedfleet.fleet.publish-roots");
  }

  private FleetSettings settings(Config config) throws CliException {
    try {
      FleetSettings s = FleetSettings.fromConfig(config);
      if (!config.hasPath("seedfleet.fleet.data-dir") || configFile == null) {
        s = s.withDataDir(Path.of("data"));
      }
      if (data != null) {
        s = s.withDataDir(data);
      }
      if (bind != null) {
        s = s.withHost(bind);
      }
      if (btPort != null) {
        s = s.withBtPort(btPort);
      }
      if (clusterPort != null) {
        s = s.withClusterPort(clusterPort);
      }
      if (seedNodes != null) {
        s = s.withSeedNodes(seedNodes);
      }
      return s;
    } catch (RuntimeException e) {
      throw new CliException("bad node settings: " + e.getMessage());
    }
  }

  private ApiSettings apiSettings(Config config, String defaultHost) throws CliException {
    String address = api != null ? api : config.hasPath("seedfleet.api.address") ? config.getString("seedfleet.api.address")
        : DEFAULT_API;
    int colon = address.lastIndexOf(':');
    if (colon <= 0) {
      throw new CliException("--api wants HOST:PORT, got " + address);
    }
    int port;
    try {
      port = Integer.parseInt(address.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new CliException("--api wants HOST:PORT, got " + address);
    }
    List<String> tokens = new ArrayList<>(config.hasPath("seedfleet.api.tokens")
        ? config.getStringList("seedfleet.api.tokens") : List.of());
    String envToken = System.getenv("SEEDFLEET_TOKEN");
    if (envToken != null && !envToken.isBlank()) {
      tokens.add(envToken);
    }
    Set<String> hosts = new HashSet<>(config.hasPath("seedfleet.api.allowed-hosts")
        ? config.getStringList("seedfleet.api.allowed-hosts") : List.of());
    hosts.add(defaultHost);
    return new ApiSettings(address.substring(0, colon), port, tokens, hosts);
  }

  /** Adds every DATA/torrents/*.torrent the catalogue does not have yet (one replica each). */
  private static int importTorrentFiles(FleetNode node, Path dir) throws IOException {
    int count = 0;
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.torrent")) {
      stream.forEach(files::add);
    }
    files.sort(null);
    for (Path file : files) {
      try {
        Metainfo metainfo = TorrentFiles.load(file);
        if (node.get(metainfo.infoHash()).toCompletableFuture().join().isEmpty()) {
          node.add(metainfo.torrentBytes(), 1, List.of()).toCompletableFuture().join();
          System.err.println("seedfleet: added " + metainfo.name() + " (" + metainfo.infoHash() + ") from " + file);
        }
        count++;
      } catch (CliException | io.seedfleet.engine.metainfo.MetainfoException | RuntimeException e) {
        System.err.println("seedfleet: skipping " + file + ": " + rootMessage(e));
      }
    }
    return count;
  }

  private static String hostPort(InetSocketAddress address) {
    return address.getHostString() + ":" + address.getPort();
  }

  static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.toString() : cause.getMessage();
  }
}
