package io.seedfleet.ops.trackerd;

import io.seedfleet.engine.trackerd.ConnectionIds;
import io.seedfleet.engine.trackerd.HttpTrackerHandler;
import io.seedfleet.engine.trackerd.SwarmRegistry;
import io.seedfleet.engine.trackerd.TrackerConfig;
import io.seedfleet.engine.trackerd.TrackerPolicy;
import io.seedfleet.engine.trackerd.UdpTrackerHandler;
import io.seedfleet.engine.trackerd.server.UdpTrackerServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.ClassicActorSystemProvider;

/**
 * A node's own BitTorrent tracker: HTTP ({@code /announce}, {@code /scrape}) and UDP (BEP 15) on
 * the same port number, as opentracker does, sharing one swarm registry. Announce URLs are
 * {@code http://HOST:PORT/announce} and {@code udp://HOST:PORT/announce}.
 */
public final class BuiltInTracker implements AutoCloseable {
  private static final int EPHEMERAL_ATTEMPTS = 5;

  private final SwarmRegistry registry;
  private final HttpTrackerServer http;
  private final UdpTrackerServer udp;
  private final String host;

  private BuiltInTracker(SwarmRegistry registry, HttpTrackerServer http, UdpTrackerServer udp, String host) {
    this.registry = registry;
    this.http = http;
    this.udp = udp;
    this.host = host;
  }

  /** Starts with the default limits; see {@link #start(ClassicActorSystemProvider, String, int, TrackerPolicy, TrackerConfig)}. */
  public static BuiltInTracker start(ClassicActorSystemProvider system, String host, int port, TrackerPolicy policy)
      throws IOException {
    return start(system, host, port, policy, TrackerConfig.defaults());
  }

  /**
   * Binds HTTP on TCP {@code host:port} and UDP on the same port number. With port 0 a free TCP
   * port is picked and UDP takes the same number, retrying with another if that UDP port is taken.
   *
   * @throws IOException when a port cannot be bound (the message names it)
   */
  public static BuiltInTracker start(ClassicActorSystemProvider system, String host, int port, TrackerPolicy policy,
      TrackerConfig config) throws IOException {
    SwarmRegistry registry = SwarmRegistry.create(config);
    HttpTrackerHandler httpHandler = new HttpTrackerHandler(registry, policy);
    UdpTrackerHandler udpHandler = new UdpTrackerHandler(registry, policy, ConnectionIds.create());
    IOException last = null;
    for (int attempt = 0; attempt < (port == 0 ? EPHEMERAL_ATTEMPTS : 1); attempt++) {
      HttpTrackerServer http = bindHttp(system, host, port, httpHandler);
      try {
        UdpTrackerServer udp = UdpTrackerServer.start(new InetSocketAddress(host, http.localAddress().getPort()), udpHandler);
        return new BuiltInTracker(registry, http, udp, host);
      } catch (IOException e) {
        http.close();
        last = new IOException("tracker cannot bind UDP port " + http.localAddress().getPort() + ": " + e.getMessage(), e);
      }
    }
    throw last;
  }

  private static HttpTrackerServer bindHttp(ClassicActorSystemProvider system, String host, int port,
      HttpTrackerHandler handler) throws IOException {
    try {
      return HttpTrackerServer.start(system, host, port, handler).toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IOException("tracker cannot bind TCP port " + port + " on " + host + ": " + cause.getMessage(), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while binding the tracker", e);
    }
  }

  public int httpPort() {
    return http.localAddress().getPort();
  }

  public int udpPort() {
    return udp.localAddress().getPort();
  }

  public String httpAnnounceUrl() {
    return "http://" + hostForUrl() + ":" + httpPort() + "/announce";
  }

  public String udpAnnounceUrl() {
    return "udp://" + hostForUrl() + ":" + udpPort() + "/announce";
  }

  private String hostForUrl() {
    return host.contains(":") ? "[" + host + "]" : host;
  }

  /** The swarms this tracker knows, for status output and tests. */
  public SwarmRegistry registry() {
    return registry;
  }

  /** Stops both servers; safe to call more than once. */
  @Override
  public void close() {
    udp.close();
    http.close();
  }
}
