package io.seedfleet.cluster.catalogue;

import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.ddata.ORMultiMap;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * Removes the holder entries of a node that left or was downed: a crashed node cannot unregister
 * its own replicas. Every node does it; removals are idempotent.
 */
public final class HolderJanitor extends AbstractBehavior<HolderJanitor.Command> {

  public sealed interface Command {}

  private record MemberRemoved(ClusterEvent.MemberRemoved event) implements Command {}

  private HolderJanitor(ActorContext<Command> context) {
    super(context);
    Cluster.get(context.getSystem()).subscriptions().tell(Subscribe.create(
        context.messageAdapter(ClusterEvent.MemberRemoved.class, MemberRemoved::new), ClusterEvent.MemberRemoved.class));
  }

  public static Behavior<Command> create() {
    return Behaviors.setup(HolderJanitor::new);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder().onMessage(MemberRemoved.class, this::onMemberRemoved).build();
  }

  private Behavior<Command> onMemberRemoved(MemberRemoved removed) {
    String gone = removed.event().member().address().toString();
    var self = DistributedData.get(getContext().getSystem()).selfUniqueAddress();
    DistributedData.get(getContext().getSystem()).replicator().tell(new Replicator.Update<>(FleetKeys.HOLDERS,
        ORMultiMap.<String, String>create(), Replicator.writeLocal(), getContext().getSystem().ignoreRef(), map -> {
          ORMultiMap<String, String> result = map;
          for (var entry : map.getEntries().entrySet()) {
            for (String holder : entry.getValue()) {
              if (holder.startsWith(gone + "|")) {
                result = result.removeBinding(self, entry.getKey(), holder);
              }
            }
          }
          return result;
        }));
    return this;
  }
}
