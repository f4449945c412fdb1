package io.seedfleet.cluster.sharding;

import io.seedfleet.cluster.catalogue.FleetKeys;
import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.proto.cluster.v1.TorrentSpec;
import java.time.Duration;
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
 * Makes the running replicas follow the catalogue: on every catalogue change and every
 * {@code interval} it sends {@link TorrentReplica.Ensure} to each wanted {@code <infohash>#<i>}.
 * Remembered entities already restart after a crash or a full restart; this covers what they miss
 * (a shard whose durable state was lost, a message dropped during a hand-off).
 */
public final class Reconciler extends AbstractBehavior<Reconciler.Command> {

  public sealed interface Command {}

  private record CatalogueChanged(Map<String, TorrentSpec> specs) implements Command {}

  private enum Tick implements Command { INSTANCE }

  private final ClusterSharding sharding;
  private Map<String, TorrentSpec> specs = Map.of();

  private Reconciler(ActorContext<Command> context) {
    super(context);
    this.sharding = ClusterSharding.get(context.getSystem());
    var adapter = new ReplicatorMessageAdapter<Command, LWWMap<String, TorrentSpec>>(context,
        DistributedData.get(context.getSystem()).replicator(), Duration.ofSeconds(5));
    adapter.subscribe(FleetKeys.CATALOGUE, response -> response instanceof Replicator.Changed<LWWMap<String, TorrentSpec>> c
        ? new CatalogueChanged(Map.copyOf(c.dataValue().getEntries())) : new CatalogueChanged(Map.of()));
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
        .onMessage(CatalogueChanged.class, this::onCatalogueChanged)
        .onMessageEquals(Tick.INSTANCE, this::ensureAll)
        .build();
  }

  private Behavior<Command> onCatalogueChanged(CatalogueChanged changed) {
    specs = changed.specs();
    return ensureAll();
  }

  private Behavior<Command> ensureAll() {
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
    return this;
  }
}
