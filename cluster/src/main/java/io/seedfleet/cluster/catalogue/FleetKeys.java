package io.seedfleet.cluster.catalogue;

import io.seedfleet.proto.cluster.v1.FleetPolicy;
import io.seedfleet.proto.cluster.v1.TorrentSpec;
import org.apache.pekko.cluster.ddata.LWWMapKey;
import org.apache.pekko.cluster.ddata.LWWRegisterKey;
import org.apache.pekko.cluster.ddata.ORMultiMapKey;

/** The replicated data of a fleet. */
public final class FleetKeys {

  /**
   * The desired state: info-hash hex to spec. Durable (listed in
   * {@code pekko.cluster.distributed-data.durable.keys}), so it survives a restart of every node.
   */
  public static final LWWMapKey<String, TorrentSpec> CATALOGUE = new LWWMapKey<>("seedfleet-catalogue");

  /**
   * Who holds what: info-hash hex to {@code <cluster address>|<bt host:port>}. Not durable: holders
   * re-register when their replicas start.
   */
  public static final ORMultiMapKey<String, String> HOLDERS = new ORMultiMapKey<>("seedfleet-holders");

  /** Fleet-wide engine policy (rates, connections, queue, seed goal). Durable, like the catalogue. */
  public static final LWWRegisterKey<FleetPolicy> POLICY = new LWWRegisterKey<>("seedfleet-policy");

  private FleetKeys() {}
}
