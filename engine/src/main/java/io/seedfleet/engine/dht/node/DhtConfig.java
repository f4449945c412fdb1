package io.seedfleet.engine.dht.node;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link DhtNode} runs.
 *
 * @param bind UDP address to bind; port 0 picks an ephemeral port
 * @param bootstrap nodes or routers to join through (resolved addresses)
 * @param stateFile where the routing table is saved and reloaded, or null for none
 * @param enforceNodeIdIp true to keep out of the routing table nodes whose id does not match their
 *     IP (BEP 42); loopback addresses always pass
 * @param maxOutgoingPerSecond global cap on packets sent, so that no answer can make us flood
 * @param maxIncomingPerSecond global cap on packets accepted, before per-IP limits
 * @param queryTimeout how long to wait for an answer before counting the node as failed
 * @param saveInterval how often the routing table is saved while running
 */
public record DhtConfig(
    InetSocketAddress bind,
    List<InetSocketAddress> bootstrap,
    Path stateFile,
    boolean enforceNodeIdIp,
    int maxOutgoingPerSecond,
    int maxIncomingPerSecond,
    Duration queryTimeout,
    Duration saveInterval) {

  public DhtConfig {
    Objects.requireNonNull(bind, "bind");
    bootstrap = List.copyOf(bootstrap);
    if (maxOutgoingPerSecond < 1 || maxIncomingPerSecond < 1) {
      throw new IllegalArgumentException("rates must be positive");
    }
    Objects.requireNonNull(queryTimeout, "queryTimeout");
    Objects.requireNonNull(saveInterval, "saveInterval");
  }

  /** Production defaults: BEP 42 enforced, 250 packets/s out, 2000 in, 3 s timeout, save every 5 min. */
  public static DhtConfig defaults(InetSocketAddress bind, List<InetSocketAddress> bootstrap, Path stateFile) {
    return new DhtConfig(bind, bootstrap, stateFile, true, 250, 2000, Duration.ofSeconds(3), Duration.ofMinutes(5));
  }

  /** Loopback tests: BEP 42 off (every node shares 127.0.0.1), short timeouts. */
  public static DhtConfig loopback(List<InetSocketAddress> bootstrap, Path stateFile) {
    return new DhtConfig(new InetSocketAddress("127.0.0.1", 0), bootstrap, stateFile, false, 1000, 5000,
        Duration.ofSeconds(1), Duration.ofMinutes(5));
  }

  public DhtConfig withEnforceNodeIdIp(boolean value) {
    return new DhtConfig(bind, bootstrap, stateFile, value, maxOutgoingPerSecond, maxIncomingPerSecond, queryTimeout,
        saveInterval);
  }

  public DhtConfig withBind(InetSocketAddress value) {
    return new DhtConfig(value, bootstrap, stateFile, enforceNodeIdIp, maxOutgoingPerSecond, maxIncomingPerSecond,
        queryTimeout, saveInterval);
  }
}
