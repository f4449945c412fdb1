package io.seedfleet.ops.cli;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.seedfleet.cluster.FleetNode;
import java.util.concurrent.atomic.AtomicInteger;

/** The fleet's gauges on /metrics: members by reachability and torrents in the catalogue. */
final class FleetMetrics {
  private FleetMetrics() {}

  static void bind(MeterRegistry registry, FleetNode node) {
    Gauge.builder("seedfleet_cluster_members", node, n -> n.members().size())
        .description("members of the fleet this node sees").register(registry);
    Gauge.builder("seedfleet_cluster_unreachable_members", node, n -> n.members().stream().filter(m -> !m.reachable()).count())
        .description("members this node cannot reach").register(registry);
    AtomicInteger torrents = new AtomicInteger();
    node.watchCatalogue(specs -> torrents.set(specs.size()));
    Gauge.builder("seedfleet_catalogue_torrents", torrents, AtomicInteger::get)
        .description("torrents in the fleet's catalogue").register(registry);
  }
}
