package io.seedfleet.cluster.sharding;

import io.seedfleet.cluster.placement.ReplicaPlacement;
import io.seedfleet.cluster.placement.ShardName;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Address;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.sharding.ShardCoordinator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.collection.immutable.IndexedSeq;
import scala.concurrent.Future;
import scala.jdk.javaapi.CollectionConverters;

/** Adapts {@link ReplicaPlacement} to Pekko's allocation interface; the decisions live there. */
final class ReplicaAllocationStrategy extends ShardCoordinator.AbstractShardAllocationStrategy
    implements ShardCoordinator.ActorSystemDependentAllocationStrategy {

  private static final Logger LOG = LoggerFactory.getLogger(ReplicaAllocationStrategy.class);
  /** Moves per rebalance round: bounded so a joining node starts its torrents in waves. */
  private static final int MAX_MOVES_PER_ROUND = 16;

  private final ReplicaPlacement<ActorRef> placement = new ReplicaPlacement<>(this::nodeKey);
  private volatile Address selfAddress;

  @Override
  public void start(ActorSystem system) {
    selfAddress = Cluster.get(system).selfAddress();
  }

  /** host:port of the region's node: stable across restarts when the node keeps its configured port. */
  private String nodeKey(ActorRef region) {
    Address address = region.path().address();
    if (address.host().isEmpty() && selfAddress != null) {
      address = selfAddress; // our own region has a local path
    }
    return address.getHost().orElse("local") + ":" + address.getPort().orElse(0);
  }

  @Override
  public Future<ActorRef> allocateShard(ActorRef requester, String shardId,
      Map<ActorRef, IndexedSeq<String>> currentShardAllocations) {
    Map<ActorRef, List<String>> allocations = toJava(currentShardAllocations);
    ActorRef region = placement.allocate(shardId, allocations);
    if (placement.conflicts(ShardName.parse(shardId), shardId, allocations.get(region)) > 0) {
      LOG.warn("shard {} shares node {} with another replica of its torrents: fewer nodes than replicas",
          shardId, region.path().address());
    }
    return Future.successful(region);
  }

  @Override
  public Future<Set<String>> rebalance(Map<ActorRef, IndexedSeq<String>> currentShardAllocations,
      Set<String> rebalanceInProgress) {
    return Future.successful(placement.rebalance(toJava(currentShardAllocations), rebalanceInProgress,
        MAX_MOVES_PER_ROUND));
  }

  private static Map<ActorRef, List<String>> toJava(Map<ActorRef, IndexedSeq<String>> allocations) {
    Map<ActorRef, List<String>> result = new HashMap<>();
    allocations.forEach((region, shards) -> result.put(region, CollectionConverters.asJava(shards)));
    return result;
  }
}
