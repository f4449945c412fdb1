package io.seedfleet.cluster.sharding;

import io.seedfleet.cluster.catalogue.FleetKeys;
import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.proto.cluster.v1.TorrentSpec;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;
import org.apache.pekko.cluster.ddata.typed.javadsl.ReplicatorMessageAdapter;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * Makes the running replicas follow the catalogue: on every change of a catalogue bucket it sends
 * {@link TorrentReplica.Ensure} to each wanted {@code <infohash>#<i>} of that bucket, and every
 * {@code interval} to those of every bucket.
 * Remembered entities already restart after a crash or a full restart; this covers what they miss
 * (a shard whose durable state was lost, a message dropped during a hand-off).
 */
public final class Reconciler extends AbstractBehavior<Reconciler.Command> {

  public sealed interface Command {}

  private record BucketChanged(String key, Map<String, TorrentSpec> specs) implements Command {}

  private enum Tick implements Command { INSTANCE }

  private final ClusterSharding sharding;
  /** Bucket key id to its specs. */
  private final Map<String, Map<String, TorrentSpec>> buckets = new HashMap<>();

  private Reconciler(ActorContext<Command> context) {
    super(context);
    this.sharding = ClusterSharding.get(context.getSystem());
    var adapter = new ReplicatorMessageAdapter<Command, LWWMap<String, TorrentSpec>>(context,
        DistributedData.get(context.getSystem()).replicator(), Duration.ofSeconds(5));
    // One function for every key, which it reads from the response: the adapter keeps one message
    // adapter per message class, so each subscribe replaces the function of the previous one.
    for (var key : FleetKeys.catalogueBuckets()) {
      adapter.subscribe(key, response -> new BucketChanged(response.key().id(),
          response instanceof Replicator.Changed<LWWMap<String, TorrentSpec>> c ? c.dataValue().getEntries() : Map.of()));
    }
  }

  public static Behavior<Command> create(Duration interval) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Tick.INSTANCE, interval);
      return new Reconciler(ctx);
    }));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(BucketChanged.class, this::onBucketChanged)
        .onMessageEquals(Tick.INSTANCE, this::ensureAll)
        .build();
  }

  private Behavior<Command> onBucketChanged(BucketChanged changed) {
    buckets.put(changed.key(), changed.specs());
    ensure(changed.specs());
    return this;
  }

  private Behavior<Command> ensureAll() {
    buckets.values().forEach(this::ensure);
    return this;
  }

  private void ensure(Map<String, TorrentSpec> specs) {
    specs.forEach((hex, spec) -> {
      InfoHash infoHash;
      try {
        infoHash = InfoHash.fromHex(hex);
      } catch (IllegalArgumentException e) {
        getContext().getLog().warn("catalogue key {} is not an info-hash: skipped", hex);
        return;
      }
      int replicas = Math.min(spec.getReplicas(), ReplicaId.MAX_REPLICAS);
      for (int i = 0; i < replicas; i++) {
        sharding.entityRefFor(TorrentReplica.TYPE_KEY, new ReplicaId(infoHash, i).entityId())
            .tell(new TorrentReplica.Ensure(null));
      }
    });
  }
}
