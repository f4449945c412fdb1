package io.seedfleet.cluster.catalogue;

import io.seedfleet.engine.queue.QueueLimits;
import io.seedfleet.engine.queue.QueueSettings;
import io.seedfleet.engine.queue.SeedGoal;
import io.seedfleet.engine.session.Session;
import io.seedfleet.engine.session.SessionConfig;
import io.seedfleet.proto.cluster.v1.FleetPolicy;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ddata.LWWRegister;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;

/**
 * Applies the fleet-wide {@link FleetPolicy} to this node's engine whenever it changes. Until an
 * operator sets one, the node keeps what its own configuration file says.
 */
public final class PolicyApplier {
  private PolicyApplier() {}

  private record Changed(FleetPolicy policy) {}

  public static Behavior<Object> create(ActorRef<Session.Command> session, SessionConfig configured) {
    return Behaviors.setup(ctx -> {
      ActorRef<Replicator.Command> replicator = DistributedData.get(ctx.getSystem()).replicator();
      var adapter = new org.apache.pekko.cluster.ddata.typed.javadsl.ReplicatorMessageAdapter<Object, LWWRegister<FleetPolicy>>(
          ctx, replicator, Duration.ofSeconds(5));
      adapter.subscribe(FleetKeys.POLICY, response -> response instanceof Replicator.Changed<LWWRegister<FleetPolicy>> c
          ? new Changed(c.dataValue().getValue()) : "ignored");
      return Behaviors.receiveMessage(message -> {
        if (message instanceof Changed changed) {
          apply(session, configured, changed.policy());
          ctx.getLog().info("fleet policy applied: {}", changed.policy().toString().replace('\n', ' ').strip());
        }
        return Behaviors.same();
      });
    });
  }

  static void apply(ActorRef<Session.Command> session, SessionConfig configured, FleetPolicy policy) {
    int connections = policy.getMaxConnections() > 0 ? policy.getMaxConnections() : configured.maxConnections();
    session.tell(new Session.SetGlobalLimits(policy.getUploadLimit(), policy.getDownloadLimit(), connections));
    session.tell(new Session.SetQueueSettings(new QueueSettings(
        new QueueLimits(policy.getMaxActiveDownloads(), policy.getMaxActiveSeeds()),
        new SeedGoal(policy.getSeedRatio(), Duration.ofSeconds(policy.getSeedTimeSeconds())))));
  }
}
