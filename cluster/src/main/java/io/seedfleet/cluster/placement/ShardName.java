package io.seedfleet.cluster.placement;

/**
 * A shard is named {@code r<replica>-<bucket>}. Two shards with the same bucket and different replica
 * indexes hold different replicas of the same torrents, so they must not share a node.
 */
public record ShardName(int replica, int bucket) {

  public static String of(int replica, int bucket) {
    return "r" + replica + "-" + bucket;
  }

  /** Parses a shard id; names we did not make (there should be none) get replica -1 and bucket -1. */
  public static ShardName parse(String shardId) {
    int dash = shardId.indexOf('-');
    if (shardId.length() > 16 || !shardId.startsWith("r") || dash < 2) {
      return new ShardName(-1, -1);
    }
    try {
      return new ShardName(Integer.parseInt(shardId.substring(1, dash)), Integer.parseInt(shardId.substring(dash + 1)));
    } catch (NumberFormatException e) {
      return new ShardName(-1, -1);
    }
  }

  /** True when this and {@code other} are different replicas of the same torrents. */
  public boolean conflictsWith(ShardName other) {
    return bucket >= 0 && bucket == other.bucket && replica != other.replica;
  }
}
