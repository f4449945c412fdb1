package io.seedfleet.cluster.catalogue;

import io.seedfleet.proto.cluster.v1.TorrentSpec;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
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
 * Hands every new version of the whole catalogue to a listener (e.g. the HTTP API's event stream).
 * The catalogue is spread over bucket keys; changes of several buckets that arrive together are
 * handed over as one version. The listener runs on this actor's thread: it must be quick and must
 * not block.
 */
public final class CatalogueWatcher extends AbstractBehavior<CatalogueWatcher.Command> {

  public sealed interface Command {}

  private record BucketChanged(String key, Map<String, TorrentSpec> specs) implements Command {}

  /** Sent to self after the first change since the last hand-over: later changes already queued join it. */
  private enum Publish implements Command { INSTANCE }

  private final Consumer<Map<String, TorrentSpec>> listener;
  private final Map<String, Map<String, TorrentSpec>> buckets = new HashMap<>();
  private boolean publishQueued;

  private CatalogueWatcher(ActorContext<Command> context, Consumer<Map<String, TorrentSpec>> listener) {
    super(context);
    this.listener = listener;
    var adapter = new ReplicatorMessageAdapter<Command, LWWMap<String, TorrentSpec>>(context,
        DistributedData.get(context.getSystem()).replicator(), Duration.ofSeconds(5));
    // One function for every key, which it reads from the response: the adapter keeps one message
    // adapter per message class, so each subscribe replaces the function of the previous one.
    for (var key : FleetKeys.catalogueBuckets()) {
      adapter.subscribe(key, response -> new BucketChanged(response.key().id(),
          response instanceof Replicator.Changed<LWWMap<String, TorrentSpec>> c ? c.dataValue().getEntries() : Map.of()));
    }
  }

  public static Behavior<Command> create(Consumer<Map<String, TorrentSpec>> listener) {
    return Behaviors.setup(ctx -> new CatalogueWatcher(ctx, listener));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(BucketChanged.class, this::onBucketChanged)
        .onMessageEquals(Publish.INSTANCE, this::onPublish)
        .build();
  }

  private Behavior<Command> onBucketChanged(BucketChanged changed) {
    buckets.put(changed.key(), changed.specs());
    if (!publishQueued) {
      publishQueued = true;
      getContext().getSelf().tell(Publish.INSTANCE);
    }
    return this;
  }

  private Behavior<Command> onPublish() {
    publishQueued = false;
    Map<String, TorrentSpec> all = new HashMap<>();
    buckets.values().forEach(all::putAll);
    try {
      listener.accept(Collections.unmodifiableMap(all));
    } catch (RuntimeException e) {
      getContext().getLog().warn("catalogue listener failed: {}", e.toString());
    }
    return this;
  }
}
