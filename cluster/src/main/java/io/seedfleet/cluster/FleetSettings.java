package io.seedfleet.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How one node of a fleet starts. Read from {@code seedfleet.fleet} (see reference.conf) with
 * {@link #fromConfig}, or built in code with {@link #defaults} and the {@code with*} methods.
 *
 * @param seedNodes cluster addresses "host:port" to join; empty founds a one-node fleet
 * @param buckets number of hash buckets per replica index; must be the same on every node
 * @param extraConfig further settings (e.g. pekko.*) that win over application.conf and the fleet defaults
 */
public record FleetSettings(
    String systemName,
    String host,
    int clusterPort,
    int btPort,
    List<String> seedNodes,
    Path dataDir,
    int buckets,
    Duration writeTimeout,
    Duration reconcileInterval,
    Duration peerRefreshInterval,
    Config extraConfig) {

  public FleetSettings {
    Objects.requireNonNull(systemName, "systemName");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(dataDir, "dataDir");
    seedNodes = List.copyOf(seedNodes);
    if (clusterPort < 0 || clusterPort > 65535 || btPort < 0 || btPort > 65535) {
      throw new IllegalArgumentException("ports must be 0..65535: cluster " + clusterPort + ", bt " + btPort);
    }
    if (buckets < 1 || buckets > 4096) {
      throw new IllegalArgumentException("buckets must be 1..4096, was " + buckets);
    }
    for (String seed : seedNodes) {
      parseHostPort(seed);
    }
    extraConfig = extraConfig == null ? ConfigFactory.empty() : extraConfig;
  }

  /**
   * The {@code seedfleet.fleet} section of {@code config} (with reference.conf defaults). Other
   * settings in {@code config} are not carried over: Pekko overrides go in application.conf, -D flags
   * or {@link #withExtraConfig}.
   */
  public static FleetSettings fromConfig(Config config) {
    Config c = config.withFallback(ConfigFactory.defaultReference()).getConfig("seedfleet.fleet");
    return new FleetSettings(
        c.getString("system-name"),
        c.getString("host"),
        c.getInt("cluster-port"),
        c.getInt("bt-port"),
        c.getStringList("seed-nodes"),
        Path.of(c.getString("data-dir")),
        c.getInt("buckets"),
        c.getDuration("write-timeout"),
        c.getDuration("reconcile-interval"),
        c.getDuration("peer-refresh-interval"),
        minMembers(c.getInt("min-members")).withFallback(ConfigFactory.parseMap(java.util.Map.of(
            "seedfleet.fleet.download-roots", c.getStringList("download-roots")))));
  }

  /** Pekko's {@code min-nr-of-members}: members stay Joining (no torrent starts) until this many joined. */
  private static Config minMembers(int min) {
    if (min < 1) {
      throw new IllegalArgumentException("seedfleet.fleet.min-members must be 1 or more, was " + min);
    }
    return ConfigFactory.parseMap(java.util.Map.of("pekko.cluster.min-nr-of-members", min));
  }

  /** Loopback, ephemeral ports, a one-node fleet: the shape tests start from. */
  public static FleetSettings defaults(Path dataDir) {
    return fromConfig(ConfigFactory.empty())
        .withHost("127.0.0.1").withClusterPort(0).withBtPort(0).withDataDir(dataDir);
  }

  public FleetSettings withHost(String value) {
    return new FleetSettings(systemName, value, clusterPort, btPort, seedNodes, dataDir, buckets, writeTimeout,
        reconcileInterval, peerRefreshInterval, extraConfig);
  }

  public FleetSettings withClusterPort(int value) {
    return new FleetSettings(systemName, host, value, btPort, seedNodes, dataDir, buckets, writeTimeout,
        reconcileInterval, peerRefreshInterval, extraConfig);
  }

  public FleetSettings withBtPort(int value) {
    return new FleetSettings(systemName, host, clusterPort, value, seedNodes, dataDir, buckets, writeTimeout,
        reconcileInterval, peerRefreshInterval, extraConfig);
  }

  public FleetSettings withSeedNodes(List<String> value) {
    return new FleetSettings(systemName, host, clusterPort, btPort, value, dataDir, buckets, writeTimeout,
        reconcileInterval, peerRefreshInterval, extraConfig);
  }

  public FleetSettings withDataDir(Path value) {
    return new FleetSettings(systemName, host, clusterPort, btPort, seedNodes, value, buckets, writeTimeout,
        reconcileInterval, peerRefreshInterval, extraConfig);
  }

  public FleetSettings withBuckets(int value) {
    return new FleetSettings(systemName, host, clusterPort, btPort, seedNodes, dataDir, value, writeTimeout,
        reconcileInterval, peerRefreshInterval, extraConfig);
  }

  public FleetSettings withReconcileInterval(Duration value) {
    return new FleetSettings(systemName, host, clusterPort, btPort, seedNodes, dataDir, buckets, writeTimeout,
        value, peerRefreshInterval, extraConfig);
  }

  /** Adds Pekko or seedfleet settings; they win over what is there already. */
  public FleetSettings withExtraConfig(Config value) {
    return new FleetSettings(systemName, host, clusterPort, btPort, seedNodes, dataDir, buckets, writeTimeout,
        reconcileInterval, peerRefreshInterval, value.withFallback(extraConfig));
  }

  /** The full configuration the node's ActorSystem runs with. */
  Config toConfig() {
    Path dir = dataDir.toAbsolutePath();
    Config derived = ConfigFactory.parseMap(java.util.Map.of(
        "pekko.remote.artery.canonical.hostname", host,
        "pekko.remote.artery.canonical.port", clusterPort,
        "pekko.cluster.distributed-data.durable.lmdb.dir", dir.resolve("ddata-catalogue").toString(),
        "pekko.cluster.sharding.distributed-data.durable.lmdb.dir", dir.resolve("ddata-sharding").toString()));
    Config application = ConfigFactory.defaultOverrides().withFallback(ConfigFactory.defaultApplication());
    return extraConfig.withFallback(derived).withFallback(application).withFallback(fleetPekkoConfig())
        .withFallback(ConfigFactory.defaultReference()).resolve();
  }

  /** The Pekko settings every fleet node runs with (cluster provider, SBR, sharding, durable DData). */
  public static Config fleetPekkoConfig() {
    return ConfigFactory.parseResources(FleetSettings.class.getClassLoader(), "seedfleet/fleet-cluster.conf");
  }

  static String[] parseHostPort(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || colon == hostPort.length() - 1) {
      throw new IllegalArgumentException("expected host:port, got '" + hostPort + "'");
    }
    String port = hostPort.substring(colon + 1);
    try {
      int p = Integer.parseInt(port);
      if (p < 1 || p > 65535) {
        throw new IllegalArgumentException("port out of range in '" + hostPort + "'");
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected host:port, got '" + hostPort + "'", e);
    }
    return new String[] {hostPort.substring(0, colon), port};
  }
}
