package io.seedfleet.cluster.catalogue;

import io.seedfleet.proto.cluster.v1.FleetPolicy;
import io.seedfleet.proto.cluster.v1.TorrentSpec;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.pekko.cluster.ddata.LWWMapKey;
import org.apache.pekko.cluster.ddata.LWWRegisterKey;
import org.apache.pekko.cluster.ddata.ORMultiMapKey;

/** The replicated data of a fleet. */
public final class FleetKeys {

  /**
   * How many keys the catalogue is spread over (docs/adr/0015-catalogue-buckets.md). Every node of a
   * fleet must agree on it: it is part of the data's layout, not a setting.
   */
  public static final int CATALOGUE_BUCKETS = 256;

  /**
   * The desired state, info-hash hex to spec, one {@code LWWMap} per bucket: the bucket is the first
   * byte of the info-hash ({@code seedfleet-catalogue-00} .. {@code -ff}). Durable (listed in
   * {@code pekko.cluster.distributed-data.durable.keys}), so it survives a restart of every node.
   */
  private static final List<LWWMapKey<String, TorrentSpec>> CATALOGUE = IntStream.range(0, CATALOGUE_BUCKETS)
      .mapToObj(i -> new LWWMapKey<String, TorrentSpec>(String.format("seedfleet-catalogue-%02x", i))).toList();

  /** The single catalogue key of nodes before ADR 0015: read at start and moved into the buckets. */
  public static final LWWMapKey<String, TorrentSpec> LEGACY_CATALOGUE = new LWWMapKey<>("seedfleet-catalogue");

  /**
   * Who holds what: info-hash hex to {@code <cluster address>|<bt host:port>}. Not durable: holders
   * re-register when their replicas start.
   */
  public static final ORMultiMapKey<String, String> HOLDERS = new ORMultiMapKey<>("seedfleet-holders");

  /** Fleet-wide engine policy (rates, connections, queue, seed goal). Durable, like the catalogue. */
  public static final LWWRegisterKey<FleetPolicy> POLICY = new LWWRegisterKey<>("seedfleet-policy");

  private FleetKeys() {}

  /** Every catalogue bucket key, in bucket order. */
  public static List<LWWMapKey<String, TorrentSpec>> catalogueBuckets() {
    return CATALOGUE;
  }

  /** The bucket key that holds {@code infoHashHex}. */
  public static LWWMapKey<String, TorrentSpec> catalogueKeyFor(String infoHashHex) {
    return CATALOGUE.get(bucketOf(infoHashHex));
  }

  /**
   * The first byte of the info-hash; any other string (not a catalogue key we write, but the map is
   * shared) still maps to a bucket, by its hash.
   */
  static int bucketOf(String infoHashHex) {
    if (infoHashHex.length() >= 2) {
      int high = Character.digit(infoHashHex.charAt(0), 16);
      int low = Character.digit(infoHashHex.charAt(1), 16);
      if (high >= 0 && low >= 0) {
        return high * 16 + low;
      }
    }
    return Math.floorMod(infoHashHex.hashCode(), CATALOGUE_BUCKETS);
  }
}
