package io.seedfleet.cluster.sharding;

import io.seedfleet.cluster.placement.ShardName;
import io.seedfleet.engine.metainfo.InfoHash;
import java.util.Objects;

/**
 * One replica of one torrent: the sharded entity {@code <infohash-hex>#<replica>}. Replica indexes run
 * 0..replicas-1; each index of one torrent lives in a different shard ({@link #shardId}) so that the
 * allocation strategy can keep them on different nodes.
 */
public record ReplicaId(InfoHash infoHash, int replica) {

  /** More would make no sense for a seedbox fleet and bounds the work a bad catalogue entry causes. */
  public static final int MAX_REPLICAS = 64;

  public ReplicaId {
    Objects.requireNonNull(infoHash, "infoHash");
    if (replica < 0 || replica >= MAX_REPLICAS) {
      throw new IllegalArgumentException("replica index must be 0.." + (MAX_REPLICAS - 1) + ", was " + replica);
    }
  }

  /** Parses {@code <40 hex digits>#<index>}; throws IllegalArgumentException with the reason. */
  public static ReplicaId parse(String entityId) {
    if (entityId == null || entityId.length() > 48) {
      throw new IllegalArgumentException("not a replica id: " + entityId);
    }
    int hash = entityId.indexOf('#');
    if (hash != InfoHash.LENGTH * 2) {
      throw new IllegalArgumentException("not a replica id (want <40 hex>#<index>): " + entityId);
    }
    int replica;
    try {
      replica = Integer.parseInt(entityId.substring(hash + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad replica index in " + entityId, e);
    }
    return new ReplicaId(InfoHash.fromHex(entityId.substring(0, hash)), replica);
  }

  public String entityId() {
    return infoHash.hex() + "#" + replica;
  }

  /** {@code r<replica>-<bucket>}: every torrent's replica {@code i} of one bucket shares a shard. */
  public String shardId(int buckets) {
    return ShardName.of(replica, bucket(infoHash, buckets));
  }

  /** Info-hashes are uniformly random, so their first four bytes spread torrents evenly. */
  public static int bucket(InfoHash infoHash, int buckets) {
    byte[] b = infoHash.bytes();
    int prefix = ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    return Integer.remainderUnsigned(prefix, buckets);
  }
}
