package io.seedfleet.cluster.catalogue;

import io.seedfleet.proto.cluster.v1.FleetPolicy;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.ddata.LWWRegister;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;

/** Reads and writes the fleet-wide {@link FleetPolicy} register (majority writes, local reads). */
public final class Policies {
  private final ActorSystem<?> system;
  private final ActorRef<Replicator.Command> replicator;
  private final SelfUniqueAddress self;
  private final Duration writeTimeout;

  public Policies(ActorSystem<?> system, Duration writeTimeout) {
    this.system = system;
    this.replicator = DistributedData.get(system).replicator();
    this.self = DistributedData.get(system).selfUniqueAddress();
    this.writeTimeout = writeTimeout;
  }

  public CompletionStage<Optional<FleetPolicy>> get() {
    CompletionStage<Replicator.GetResponse<LWWRegister<FleetPolicy>>> reply = AskPattern.ask(replicator,
        replyTo -> new Replicator.Get<>(FleetKeys.POLICY, Replicator.readLocal(), replyTo), writeTimeout,
        system.scheduler());
    return reply.thenApply(response -> {
      if (response instanceof Replicator.GetSuccess<LWWRegister<FleetPolicy>> ok) {
        return Optional.of(ok.dataValue().getValue());
      }
      if (response instanceof Replicator.NotFound<?>) {
        return Optional.empty();
      }
      throw new Catalogue.CatalogueWriteException("policy read failed: " + response);
    });
  }

  public CompletionStage<Catalogue.WriteOutcome> set(FleetPolicy policy) {
    CompletionStage<Replicator.UpdateResponse<LWWRegister<FleetPolicy>>> reply = AskPattern.ask(replicator,
        (ActorRef<Replicator.UpdateResponse<LWWRegister<FleetPolicy>>> replyTo) -> new Replicator.Update<>(
            FleetKeys.POLICY, LWWRegister.create(self, policy), new Replicator.WriteMajority(writeTimeout), replyTo,
            register -> register.withValue(self, policy)),
        writeTimeout.plusSeconds(2), system.scheduler());
    return reply.thenApply(response -> {
      if (response instanceof Replicator.UpdateSuccess<?>) {
        return Catalogue.WriteOutcome.MAJORITY;
      }
      if (response instanceof Replicator.UpdateTimeout<?>) {
        return Catalogue.WriteOutcome.LOCAL_ONLY;
      }
      throw new Catalogue.CatalogueWriteException("policy write failed: " + response);
    });
  }
}
