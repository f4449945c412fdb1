package io.seedfleet.ops.fleet;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.seedfleet.cluster.FleetNode;
import io.seedfleet.engine.dht.node.DhtNode;
import io.seedfleet.engine.torrent.TorrentState;
import io.seedfleet.engine.torrent.TorrentStatus;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's seedfleet_* meters on /metrics. The engine is polled every {@code interval}
 * ({@link EngineProbe}); gauges show the latest poll, counters sum what every torrent gained
 * ({@link MonotonicTotal}). Every meter exists from the start, at zero, so dashboards and alerts
 * never see a metric appear late. Names follow Prometheus conventions: base units in the name,
 * {@code _total} on counters.
 */
public final class NodeMetrics implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeMetrics.class);
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);

  /** What one poll saw, summed over the node's torrents. */
  record Sample(Map<TorrentState, Integer> torrentsByState, long downloadRate, long uploadRate, int peers,
      long piecesVerified, int bannedPeers, Optional<DhtNode.Stats> dht, EngineProbe.LocalShards shards) {
    static final Sample EMPTY = of(List.of(), Optional.empty(), new EngineProbe.LocalShards(0, 0));

    static Sample of(List<TorrentStatus> torrents, Optional<DhtNode.Stats> dht, EngineProbe.LocalShards shards) {
      Map<TorrentState, Integer> byState = new EnumMap<>(TorrentState.class);
      for (TorrentState s : TorrentState.values()) {
        byState.put(s, 0);
      }
      torrents.forEach(t -> byState.merge(t.state(), 1, Integer::sum));
      return new Sample(byState, torrents.stream().mapToLong(TorrentStatus::downloadRate).sum(),
          torrents.stream().mapToLong(TorrentStatus::uploadRate).sum(),
          torrents.stream().mapToInt(TorrentStatus::connectedPeers).sum(),
          torrents.stream().mapToLong(TorrentStatus::piecesVerified).sum(),
          torrents.stream().mapToInt(TorrentStatus::bannedPeers).sum(), dht, shards);
    }
  }

  private final EngineProbe probe;
  private final AtomicReference<Sample> latest = new AtomicReference<>(Sample.EMPTY);
  private final MonotonicTotal downloaded = new MonotonicTotal();
  private final MonotonicTotal uploaded = new MonotonicTotal();
  private final MonotonicTotal hashFailures = new MonotonicTotal();
  private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(
      r -> Thread.ofPlatform().daemon().name("seedfleet-metrics").unstarted(r));

  private NodeMetrics(EngineProbe probe) {
    this.probe = probe;
  }

  /** Registers every meter on {@code registry} and polls the engine every {@code interval} until closed. */
  public static NodeMetrics start(MeterRegistry registry, FleetNode node, Duration interval) {
    NodeMetrics metrics = new NodeMetrics(new EngineProbe(node));
    metrics.register(registry, node);
    metrics.poller.scheduleWithFixedDelay(metrics::poll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    return metrics;
  }

  private void poll() {
    try {
      EngineProbe.Running running = probe.torrents().toCompletableFuture().get(10, TimeUnit.SECONDS);
      // the byte counters first: a slow DHT or shard answer below must not hold them back
      downloaded.observe(running.incarnations(), each(running, TorrentStatus::bytesDownloaded));
      uploaded.observe(running.incarnations(), each(running, TorrentStatus::bytesUploaded));
      hashFailures.observe(running.incarnations(), each(running, TorrentStatus::hashFailures));
      // a DHT that did not answer this once keeps its last counts: its counters must not drop to 0
      Optional<DhtNode.Stats> dht = probe.dht().toCompletableFuture().get(10, TimeUnit.SECONDS)
          .or(() -> latest.get().dht());
      EngineProbe.LocalShards shards = probe.shards().toCompletableFuture()
          .exceptionally(e -> latest.get().shards()).get(10, TimeUnit.SECONDS);
      latest.set(Sample.of(running.statuses(), dht, shards));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.debug("metrics poll failed; keeping the last sample: {}", e.toString());
    }
  }

  private static Map<String, Long> each(EngineProbe.Running running, ToLongFunction<TorrentStatus> value) {
    Map<String, Long> values = new HashMap<>();
    running.answered().forEach((incarnation, status) -> values.put(incarnation, value.applyAsLong(status)));
    return values;
  }

  private void register(MeterRegistry registry, FleetNode node) {
    FunctionCounter.builder("seedfleet_downloaded_bytes", downloaded, MonotonicTotal::total)
        .description("payload bytes downloaded from peers by this node's torrents").register(registry);
    FunctionCounter.builder("seedfleet_uploaded_bytes", uploaded, MonotonicTotal::total)
        .description("payload bytes uploaded to peers by this node's torrents").register(registry);
    FunctionCounter.builder("seedfleet_hash_failures", hashFailures, MonotonicTotal::total)
        .description("pieces whose SHA-1 did not match, so were downloaded again").register(registry);
    gauge(registry, "seedfleet_download_rate_bytes_per_second", "download rate of this node's torrents", Sample::downloadRate);
    gauge(registry, "seedfleet_upload_rate_bytes_per_second", "upload rate of this node's torrents", Sample::uploadRate);
    gauge(registry, "seedfleet_peers_connected", "live peer connections of this node's torrents", Sample::peers);
    gauge(registry, "seedfleet_peers_banned", "peers banned (bad data, protocol abuse) by this node's torrents",
        Sample::bannedPeers);
    gauge(registry, "seedfleet_pieces_verified", "pieces verified and on disk, all torrents of this node",
        Sample::piecesVerified);
    for (TorrentState state : TorrentState.values()) {
      Gauge.builder("seedfleet_torrents", latest, l -> l.get().torrentsByState().get(state))
          .tag("state", state.name().toLowerCase(Locale.ROOT))
          .description("torrents in this node's engine by state; state=error is a disk or storage fault").register(registry);
    }
    gauge(registry, "seedfleet_dht_nodes", "nodes in the DHT routing table", s -> s.dht().map(DhtNode.Stats::tableSize).orElse(0));
    gauge(registry, "seedfleet_dht_good_nodes", "DHT nodes that answered recently",
        s -> s.dht().map(DhtNode.Stats::goodNodes).orElse(0));
    gauge(registry, "seedfleet_dht_lookups_active", "DHT lookups in flight",
        s -> s.dht().map(DhtNode.Stats::activeLookups).orElse(0));
    dhtCounter(registry, "seedfleet_dht_queries_received", "DHT queries from other nodes", DhtNode.Stats::queriesIn);
    dhtCounter(registry, "seedfleet_dht_queries_sent", "DHT queries to other nodes", DhtNode.Stats::queriesOut);
    dhtCounter(registry, "seedfleet_dht_timeouts", "DHT queries that got no answer", DhtNode.Stats::timeouts);
    io.seedfleet.engine.discovery.TrackerTransports trackers =
        io.seedfleet.engine.discovery.TrackerTransports.get(node.system());
    FunctionCounter.builder("seedfleet_tracker_announces", trackers, t -> t.activity().announces())
        .description("announces sent to trackers (HTTP and UDP)").register(registry);
    FunctionCounter.builder("seedfleet_tracker_announce_failures", trackers, t -> t.activity().announceFailures())
        .description("announces that failed (timeout, error reply, unreachable)").register(registry);
    FunctionCounter.builder("seedfleet_tracker_scrapes", trackers, t -> t.activity().scrapes())
        .description("scrapes sent to trackers").register(registry);
    gauge(registry, "seedfleet_cluster_shards", "shards of torrent replicas hosted by this node", s -> s.shards().shards());
    gauge(registry, "seedfleet_cluster_replicas", "torrent replicas running on this node", s -> s.shards().replicas());
    Gauge.builder("seedfleet_cluster_members", node, n -> n.members().size())
        .description("members of the fleet this node sees").register(registry);
    Gauge.builder("seedfleet_cluster_unreachable_members", node, n -> n.members().stream().filter(m -> !m.reachable()).count())
        .description("members this node cannot reach").register(registry);
    AtomicInteger catalogue = new AtomicInteger();
    node.watchCatalogue(specs -> catalogue.set(specs.size()));
    Gauge.builder("seedfleet_catalogue_torrents", catalogue, AtomicInteger::get)
        .description("torrents in the fleet's catalogue").register(registry);
  }

  private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<Sample> value) {
    Gauge.builder(name, latest, l -> value.applyAsDouble(l.get())).description(description).register(registry);
  }

  /** The DHT node's own counters only grow; the last sample's value is the counter. */
  private void dhtCounter(MeterRegistry registry, String name, String description, ToLongFunction<DhtNode.Stats> value) {
    FunctionCounter.builder(name, latest, l -> l.get().dht().map(value::applyAsLong).orElse(0L))
        .description(description).register(registry);
  }

  @Override
  public void close() {
    poller.shutdownNow();
  }
}
