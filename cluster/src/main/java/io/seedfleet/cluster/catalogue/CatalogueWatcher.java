package io.seedfleet.cluster.catalogue;

import io.seedfleet.proto.cluster.v1.TorrentSpec;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;
import org.apache.pekko.cluster.ddata.typed.javadsl.ReplicatorMessageAdapter;

/**
 * Hands every new version of the catalogue to a listener (e.g. the HTTP API's event stream). The
 * listener runs on this actor's thread: it must be quick and must not block.
 */
public final class CatalogueWatcher extends AbstractBehavior<CatalogueWatcher.Command> {

  public sealed interface Command {}

  private record Changed(Map<String, TorrentSpec> specs) implements Command {}

  private final Consumer<Map<String, TorrentSpec>> listener;

  private CatalogueWatcher(ActorContext<Command> context, Consumer<Map<String, TorrentSpec>> listener) {
    super(context);
    this.listener = listener;
    var adapter = new ReplicatorMessageAdapter<Command, LWWMap<String, TorrentSpec>>(context,
        DistributedData.get(context.getSystem()).replicator(), Duration.ofSeconds(5));
    adapter.subscribe(FleetKeys.CATALOGUE, response -> response instanceof Replicator.Changed<LWWMap<String, TorrentSpec>> c
        ? new Changed(Map.copyOf(c.dataValue().getEntries())) : new Changed(Map.of()));
  }

  public static Behavior<Command> create(Consumer<Map<String, TorrentSpec>> listener) {
    return Behaviors.setup(ctx -> new CatalogueWatcher(ctx, listener));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder().onMessage(Changed.class, this::onChanged).build();
  }

  private Behavior<Command> onChanged(Changed changed) {
    try {
      listener.accept(changed.specs());
    } catch (RuntimeException e) {
      getContext().getLog().warn("catalogue listener failed: {}", e.toString());
    }
    return this;
  }
}
