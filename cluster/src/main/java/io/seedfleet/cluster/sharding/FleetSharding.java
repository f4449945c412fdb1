package io.seedfleet.cluster.sharding;

import io.seedfleet.proto.cluster.v1.TorrentStatus;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.ShardingEnvelope;
import org.apache.pekko.cluster.sharding.typed.ShardingMessageExtractor;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;

/** Registers the {@link TorrentReplica} entity type on a node and talks to its replicas. */
public final class FleetSharding {

  private final ClusterSharding sharding;
  private final ActorSystem<?> system;

  private FleetSharding(ActorSystem<?> system) {
    this.system = system;
    this.sharding = ClusterSharding.get(system);
  }

  public static FleetSharding init(ActorSystem<?> system, int buckets, ReplicaContext node) {
    ClusterSharding.get(system).init(Entity.of(TorrentReplica.TYPE_KEY, ctx -> TorrentReplica.create(ctx, node))
        .withStopMessage(TorrentReplica.Stop.INSTANCE)
        .withAllocationStrategy(new ReplicaAllocationStrategy())
        .withMessageExtractor(new ReplicaMessageExtractor(buckets)));
    return new FleetSharding(system);
  }

  /** Asks one replica for its status; a replica that does not answer shows as STARTING "no answer". */
  public CompletionStage<TorrentStatus> status(ReplicaId id, Duration timeout) {
    return sharding.entityRefFor(TorrentReplica.TYPE_KEY, id.entityId())
        .<TorrentStatus>ask(TorrentReplica.GetStatus::new, timeout)
        .exceptionally(failure -> unanswered(id, TorrentStatus.State.STARTING, "no answer: " + failure.getMessage()));
  }

  /** Asks one replica to delete its data; a replica that does not answer is reported with the reason. */
  public CompletionStage<TorrentStatus> deleteData(ReplicaId id, Duration timeout) {
    return sharding.entityRefFor(TorrentReplica.TYPE_KEY, id.entityId())
        .<TorrentStatus>ask(TorrentReplica.DeleteData::new, timeout)
        .exceptionally(failure -> unanswered(id, TorrentStatus.State.UNKNOWN,
            "no answer, data may remain: " + failure.getMessage()));
  }

  /** Fire and forget to one replica entity (started if needed, like Ensure). */
  public void tell(ReplicaId id, TorrentReplica.Command command) {
    sharding.entityRefFor(TorrentReplica.TYPE_KEY, id.entityId()).tell(command);
  }

  private static TorrentStatus unanswered(ReplicaId id, TorrentStatus.State state, String error) {
    return TorrentStatus.newBuilder()
        .setInfoHash(com.google.protobuf.ByteString.copyFrom(id.infoHash().bytes()))
        .setReplica(id.replica())
        .setState(state)
        .setError(error)
        .build();
  }

  /** Shard id from entity id, so that {@link ReplicaAllocationStrategy} can see replica and bucket. */
  static final class ReplicaMessageExtractor
      extends ShardingMessageExtractor<ShardingEnvelope<TorrentReplica.Command>, TorrentReplica.Command> {

    private final int buckets;

    ReplicaMessageExtractor(int buckets) {
      this.buckets = buckets;
    }

    @Override
    public String entityId(ShardingEnvelope<TorrentReplica.Command> envelope) {
      return envelope.entityId();
    }

    @Override
    public String shardId(String entityId) {
      try {
        return ReplicaId.parse(entityId).shardId(buckets);
      } catch (IllegalArgumentException e) {
        return "invalid"; // the entity refuses itself and passivates
      }
    }

    @Override
    public TorrentReplica.Command unwrapMessage(ShardingEnvelope<TorrentReplica.Command> envelope) {
      return envelope.message();
    }
  }
}
