package io.seedfleet.ops.cli;

import io.seedfleet.engine.dht.node.DhtConfig;
import io.seedfleet.engine.discovery.LsdConfig;
import io.seedfleet.engine.session.SessionConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** How the verbs that run an engine find peers beyond the ones given with --peer. */
final class DiscoveryOptions {
  private static final Logger LOG = LoggerFactory.getLogger(DiscoveryOptions.class);
  /** The well-known entry points of the public Mainline DHT. */
  static final List<String> PUBLIC_ROUTERS =
      List.of("router.bittorrent.com:6881", "dht.transmissionbt.com:6881", "router.utorrent.com:6881");

  @Option(names = "--no-lsd", description = "do not announce or look for peers on the local network (BEP 14)")
  boolean noLsd;

  @Option(names = "--no-dht", description = "do not use the Mainline DHT (BEP 5)")
  boolean noDht;

  @Option(names = "--dht-bootstrap", split = ",", paramLabel = "HOST:PORT", converter = PeerAddressConverter.class,
      description = "DHT nodes to join through (comma-separated; default: the public routers)")
  List<InetSocketAddress> dhtBootstrap = new ArrayList<>();

  /** The engine's configuration; {@code dhtState} keeps the DHT routing table across runs (null: not kept). */
  SessionConfig sessionConfig(InetSocketAddress listen, Path dhtState) {
    return sessionConfig(listen, dhtState, List.of());
  }

  /** As above; {@code configuredBootstrap} ("host:port" from a config file) replaces the public routers. */
  SessionConfig sessionConfig(InetSocketAddress listen, Path dhtState, List<String> configuredBootstrap) {
    SessionConfig config = SessionConfig.defaults(listen).withLsd(noLsd ? LsdConfig.off() : LsdConfig.on());
    if (noDht) {
      return config;
    }
    List<InetSocketAddress> bootstrap = !dhtBootstrap.isEmpty() ? resolvedOnly(dhtBootstrap)
        : resolve(configuredBootstrap.isEmpty() ? PUBLIC_ROUTERS : configuredBootstrap);
    DhtConfig dht = DhtConfig.defaults(new InetSocketAddress(listen.getAddress(), 0), bootstrap, dhtState);
    return config.withDht(dht);
  }

  private static List<InetSocketAddress> resolve(List<String> routers) {
    PeerAddressConverter converter = new PeerAddressConverter();
    return resolvedOnly(routers.stream().map(converter::convert).toList());
  }

  private static List<InetSocketAddress> resolvedOnly(List<InetSocketAddress> addresses) {
    List<InetSocketAddress> resolved = new ArrayList<>();
    for (InetSocketAddress address : addresses) {
      if (address.isUnresolved()) {
        LOG.warn("DHT bootstrap node {} cannot be resolved; skipping it", address.getHostString());
      } else {
        resolved.add(address);
      }
    }
    return resolved;
  }
}
