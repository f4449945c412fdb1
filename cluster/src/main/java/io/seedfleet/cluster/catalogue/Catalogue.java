package io.seedfleet.cluster.catalogue;

import io.seedfleet.proto.cluster.v1.TorrentSpec;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.UnaryOperator;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.LWWMapKey;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;

/**
 * The fleet's desired state, read and written through the node's DData replicator. Writes wait for a
 * majority of nodes; when the majority does not answer in time the write is still applied locally
 * and spreads by gossip, which the result reports as {@link WriteOutcome#LOCAL_ONLY}. The entries are
 * spread over {@link FleetKeys#CATALOGUE_BUCKETS} keys by info-hash (docs/adr/0015-catalogue-buckets.md):
 * a write touches one bucket, a read of one torrent reads one bucket, a listing reads them all.
 */
public final class Catalogue {

  /** How far a write got before it returned. */
  public enum WriteOutcome { MAJORITY, LOCAL_ONLY, UNCHANGED }

  /** A write the replicator refused (e.g. the durable store failed). */
  public static final class CatalogueWriteException extends RuntimeException {
    public CatalogueWriteException(String message) {
      super(message);
    }
  }

  /** The catalogue would outgrow what one DData message can carry. */
  public static final class CatalogueFullException extends RuntimeException {
    public CatalogueFullException(String message) {
      super(message);
    }
  }

  private final ActorSystem<?> system;
  private final long maxBytes;
  private final ActorRef<Replicator.Command> replicator;
  private final SelfUniqueAddress self;
  private final Duration writeTimeout;

  public Catalogue(ActorSystem<?> system, Duration writeTimeout) {
    this.system = system;
    this.replicator = DistributedData.get(system).replicator();
    this.self = DistributedData.get(system).selfUniqueAddress();
    this.writeTimeout = writeTimeout;
    this.maxBytes = system.settings().config().getBytes("seedfleet.fleet.catalogue-max-bytes");
  }

  /**
   * Adds or replaces the spec of {@code spec}'s info-hash. A replacement keeps the present entry's
   * incarnation; a new entry gets a fresh one, so that replicas tell a re-added torrent from the
   * one they run even when they never saw it gone.
   */
  public CompletionStage<WriteOutcome> put(TorrentSpec spec) {
    String key = hexOf(spec);
    return update(key, map -> {
      var present = map.get(key);
      long incarnation = present.isDefined() ? present.get().getIncarnation() : freshIncarnation();
      return checked(map.put(self, key, spec.toBuilder().setIncarnation(incarnation).build()));
    });
  }

  private static long freshIncarnation() {
    long value;
    do {
      value = java.util.concurrent.ThreadLocalRandom.current().nextLong();
    } while (value == 0);
    return value;
  }

  public CompletionStage<WriteOutcome> remove(String infoHashHex) {
    return update(infoHashHex, map -> map.get(infoHashHex).isDefined() ? map.remove(self, infoHashHex) : map);
  }

  /** Applies {@code change} to the spec if present; UNCHANGED when the torrent is unknown. */
  public CompletionStage<WriteOutcome> modify(String infoHashHex, UnaryOperator<TorrentSpec> change) {
    return get(infoHashHex).thenCompose(found -> found.isEmpty()
        ? java.util.concurrent.CompletableFuture.completedFuture(WriteOutcome.UNCHANGED)
        : update(infoHashHex, map -> map.get(infoHashHex).isEmpty() ? map
            : checked(map.put(self, infoHashHex, change.apply(map.get(infoHashHex).get())))));
  }

  public CompletionStage<Optional<TorrentSpec>> get(String infoHashHex) {
    return read(FleetKeys.catalogueKeyFor(infoHashHex)).thenApply(bucket -> Optional.ofNullable(bucket.get(infoHashHex)));
  }

  /** Every spec this node knows, by info-hash hex (local reads of every bucket: gossip makes them converge). */
  public CompletionStage<Map<String, TorrentSpec>> list() {
    List<CompletableFuture<Map<String, TorrentSpec>>> buckets = FleetKeys.catalogueBuckets().stream()
        .map(key -> read(key).toCompletableFuture()).toList();
    return CompletableFuture.allOf(buckets.toArray(CompletableFuture[]::new)).thenApply(done -> {
      Map<String, TorrentSpec> all = new HashMap<>();
      buckets.forEach(bucket -> all.putAll(bucket.join()));
      return Collections.unmodifiableMap(all);
    });
  }

  private CompletionStage<Map<String, TorrentSpec>> read(LWWMapKey<String, TorrentSpec> key) {
    CompletionStage<Replicator.GetResponse<LWWMap<String, TorrentSpec>>> reply = AskPattern.ask(replicator,
        replyTo -> new Replicator.Get<>(key, Replicator.readLocal(), replyTo), writeTimeout, system.scheduler());
    return reply.thenApply(response -> {
      if (response instanceof Replicator.GetSuccess<LWWMap<String, TorrentSpec>> ok) {
        return ok.dataValue().getEntries();
      }
      if (response instanceof Replicator.NotFound<?>) {
        return Map.<String, TorrentSpec>of();
      }
      throw new CatalogueWriteException("catalogue read of " + key.id() + " failed: " + response);
    });
  }

  /**
   * Moves the entries of the single pre-bucket key ({@link FleetKeys#LEGACY_CATALOGUE}, still in the
   * durable store of a node upgraded from it) into their buckets, keeping an entry already there, and
   * empties the old key. Completes with the number of entries moved.
   */
  public CompletionStage<Integer> migrateLegacy() {
    CompletionStage<Replicator.GetResponse<LWWMap<String, TorrentSpec>>> reply = AskPattern.ask(replicator,
        replyTo -> new Replicator.Get<>(FleetKeys.LEGACY_CATALOGUE, Replicator.readLocal(), replyTo),
        writeTimeout, system.scheduler());
    return reply.thenCompose(response -> {
      if (!(response instanceof Replicator.GetSuccess<LWWMap<String, TorrentSpec>> ok)
          || ok.dataValue().getEntries().isEmpty()) {
        return CompletableFuture.completedFuture(0);
      }
      Map<String, TorrentSpec> legacy = ok.dataValue().getEntries();
      List<CompletableFuture<WriteOutcome>> moves = legacy.entrySet().stream().map(entry -> update(entry.getKey(),
          map -> map.get(entry.getKey()).isDefined() ? map : map.put(self, entry.getKey(), entry.getValue()))
          .toCompletableFuture()).toList();
      return CompletableFuture.allOf(moves.toArray(CompletableFuture[]::new)).thenCompose(moved -> AskPattern.ask(
          replicator, (ActorRef<Replicator.UpdateResponse<LWWMap<String, TorrentSpec>>> replyTo) -> new Replicator.Update<>(
              FleetKeys.LEGACY_CATALOGUE, LWWMap.create(), new Replicator.WriteMajority(writeTimeout), replyTo, map -> {
                LWWMap<String, TorrentSpec> emptied = map;
                for (String key : legacy.keySet()) {
                  emptied = emptied.remove(self, key);
                }
                return emptied;
              }), writeTimeout.plusSeconds(2), system.scheduler()))
          .thenApply(emptied -> legacy.size());
    });
  }

  /** Runs inside the replicator: throwing here makes the update fail with our message. */
  private LWWMap<String, TorrentSpec> checked(LWWMap<String, TorrentSpec> map) {
    long bytes = 0;
    for (var entry : map.getEntries().entrySet()) {
      bytes += entry.getKey().length() + entry.getValue().getSerializedSize() + 64; // 64: register overhead
    }
    if (bytes > maxBytes) {
      throw new CatalogueFullException("the catalogue bucket would hold " + bytes + " bytes, more than seedfleet.fleet."
          + "catalogue-max-bytes (" + maxBytes + "): a bucket must fit one cluster message (see ADR 0015)");
    }
    return map;
  }

  public static String hexOf(TorrentSpec spec) {
    return java.util.HexFormat.of().formatHex(spec.getInfoHash().toByteArray());
  }

  /** Applies {@code change} to the bucket of {@code infoHashHex}. */
  private CompletionStage<WriteOutcome> update(String infoHashHex, UnaryOperator<LWWMap<String, TorrentSpec>> change) {
    LWWMapKey<String, TorrentSpec> key = FleetKeys.catalogueKeyFor(infoHashHex);
    Duration askTimeout = writeTimeout.plusSeconds(2);
    CompletionStage<Replicator.UpdateResponse<LWWMap<String, TorrentSpec>>> reply = AskPattern.ask(replicator,
        (ActorRef<Replicator.UpdateResponse<LWWMap<String, TorrentSpec>>> replyTo) -> new Replicator.Update<>(
            key, LWWMap.create(), new Replicator.WriteMajority(writeTimeout), replyTo, change::apply),
        askTimeout, system.scheduler());
    return reply.thenApply(response -> {
      if (response instanceof Replicator.UpdateSuccess<?>) {
        return WriteOutcome.MAJORITY;
      }
      if (response instanceof Replicator.UpdateTimeout<?>) {
        return WriteOutcome.LOCAL_ONLY;
      }
      if (response instanceof Replicator.ModifyFailure<?> failure && failure.cause() instanceof CatalogueFullException full) {
        throw full;
      }
      throw new CatalogueWriteException("catalogue write failed: " + response);
    });
  }

  /** Validates a spec before it enters the catalogue. */
  public static void validate(TorrentSpec spec) {
    if (spec.getInfoHash().size() != 20) {
      throw new IllegalArgumentException("info_hash must be 20 bytes, was " + spec.getInfoHash().size());
    }
    if (spec.getReplicas() < 1 || spec.getReplicas() > io.seedfleet.cluster.sharding.ReplicaId.MAX_REPLICAS) {
      throw new IllegalArgumentException("replicas must be 1.." + io.seedfleet.cluster.sharding.ReplicaId.MAX_REPLICAS
          + ", was " + spec.getReplicas());
    }
  }
}
