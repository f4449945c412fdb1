package io.seedfleet.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import com.typesafe.config.ConfigFactory;
import io.seedfleet.cluster.catalogue.Catalogue;
import io.seedfleet.cluster.catalogue.CatalogueWatcher;
import io.seedfleet.cluster.catalogue.FleetKeys;
import io.seedfleet.proto.cluster.v1.TorrentSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.typed.javadsl.DistributedData;
import org.apache.pekko.cluster.ddata.typed.javadsl.Replicator;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.JoinSeedNodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalogue spread over bucket keys (docs/adr/0015-catalogue-buckets.md) holds far more than one
 * DData value could: 5,000 entries written on one node of two, read back on both, watched, kept on
 * disk across a restart, and the single key of older nodes moved into the buckets. The nodes run
 * the fleet's Pekko configuration but only Distributed Data: no engine, no replicas.
 */
class CatalogueBucketsIT {
  private static final int ENTRIES = 5_000;
  private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);

  @Test
  void fiveThousandEntriesReplicateSurviveARestartAndTheSingleKeyMovesIntoTheBuckets(@TempDir Path tmp) throws Exception {
    Map<String, TorrentSpec> written = specs(ENTRIES, new Random(15));
    long bytes = written.entrySet().stream().mapToLong(e -> e.getKey().length() + e.getValue().getSerializedSize()).sum();
    assertThat(bytes).as("more than one DData value (one 256 KiB frame) could carry").isGreaterThan(256 * 1024);

    ActorSystem<Void> a = system(tmp.resolve("a"), List.of());
    ActorSystem<Void> b = system(tmp.resolve("b"), List.of(a));
    Map<String, TorrentSpec> stored;
    String removed;
    try {
      awaitUp(a, 2);
      awaitUp(b, 2);
      Catalogue onA = new Catalogue(a, WRITE_TIMEOUT);
      Catalogue onB = new Catalogue(b, WRITE_TIMEOUT);
      AtomicReference<Map<String, TorrentSpec>> watched = new AtomicReference<>(Map.of());
      a.systemActorOf(CatalogueWatcher.create(watched::set), "watcher", Props.empty());

      List<String> keys = new ArrayList<>(written.keySet());
      for (int from = 0; from < keys.size(); from += 250) { // 250 writes in flight at a time
        List<CompletableFuture<Catalogue.WriteOutcome>> batch = keys.subList(from, Math.min(from + 250, keys.size()))
            .stream().map(key -> onA.put(written.get(key)).toCompletableFuture()).toList();
        CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)).join();
        assertThat(batch).allSatisfy(w -> assertThat(w.join()).isEqualTo(Catalogue.WriteOutcome.MAJORITY));
      }

      stored = onA.list().toCompletableFuture().join();
      assertThat(stored).hasSize(ENTRIES);
      assertThat(stored).allSatisfy((key, spec) -> {
        assertThat(spec.getIncarnation()).isNotZero();
        assertThat(spec.toBuilder().clearIncarnation().build()).isEqualTo(written.get(key));
      });
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
          .until(() -> onB.list().toCompletableFuture().join().equals(stored));
      await().atMost(Duration.ofSeconds(30)).until(() -> watched.get().equals(stored));
      removed = keys.get(1234);
      assertThat(onB.get(removed).toCompletableFuture().join()).contains(stored.get(removed));
      assertThat(bucketSizes(a)).as("every bucket holds a share, none the whole")
          .allSatisfy(size -> assertThat(size).isBetween(1, ENTRIES / 16));

      assertThat(onB.remove(removed).toCompletableFuture().join()).isEqualTo(Catalogue.WriteOutcome.MAJORITY);
      await().atMost(Duration.ofSeconds(30)).until(() -> !onA.list().toCompletableFuture().join().containsKey(removed)
          && !watched.get().containsKey(removed) && watched.get().size() == ENTRIES - 1);
    } finally {
      terminate(b);
      terminate(a);
    }

    ActorSystem<Void> again = system(tmp.resolve("a"), List.of());
    try {
      awaitUp(again, 1);
      Catalogue catalogue = new Catalogue(again, WRITE_TIMEOUT);
      Map<String, TorrentSpec> restored = catalogue.list().toCompletableFuture().join();
      assertThat(restored).hasSize(ENTRIES - 1).containsAllEntriesOf(without(stored, removed));

      // A node upgraded from the single key: its entries move into their buckets; a bucket's own entry wins.
      String kept = keys(restored).get(0);
      TorrentSpec old = restored.get(kept).toBuilder().setName("from the single key").build();
      Map<String, TorrentSpec> legacy = specs(3, new Random(16));
      legacy.put(kept, old);
      var self = DistributedData.get(again).selfUniqueAddress();
      AskPattern.<Replicator.Command, Replicator.UpdateResponse<LWWMap<String, TorrentSpec>>>ask(
          DistributedData.get(again).replicator(), replyTo -> new Replicator.Update<>(FleetKeys.LEGACY_CATALOGUE,
              LWWMap.create(), Replicator.writeLocal(), replyTo, map -> {
                LWWMap<String, TorrentSpec> filled = map;
                for (var entry : legacy.entrySet()) {
                  filled = filled.put(self, entry.getKey(), entry.getValue());
                }
                return filled;
              }), WRITE_TIMEOUT, again.scheduler()).toCompletableFuture().join();

      assertThat(catalogue.migrateLegacy().toCompletableFuture().join()).isEqualTo(4);
      Map<String, TorrentSpec> migrated = catalogue.list().toCompletableFuture().join();
      assertThat(migrated).hasSize(ENTRIES - 1 + 3).containsAllEntriesOf(without(legacy, kept));
      assertThat(migrated.get(kept)).isEqualTo(restored.get(kept));
      assertThat(legacyEntries(again)).isEmpty();
      assertThat(catalogue.migrateLegacy().toCompletableFuture().join()).as("nothing left to move").isZero();
    } finally {
      terminate(again);
    }
  }

  /** Distinct random info-hashes with small, catalogue-like specs (as FleetNode writes them). */
  private static Map<String, TorrentSpec> specs(int count, Random random) {
    Map<String, TorrentSpec> specs = new HashMap<>();
    while (specs.size() < count) {
      byte[] infoHash = new byte[20];
      random.nextBytes(infoHash);
      int i = specs.size();
      specs.put(HexFormat.of().formatHex(infoHash), TorrentSpec.newBuilder().setInfoHash(ByteString.copyFrom(infoHash))
          .setReplicas(1 + i % 3).addLabels("bulk").setPaused(i % 2 == 0).setName("torrent-" + i)
          .setTotalLength(1L << 20 + i % 10).setOrigin("pekko://seedfleet@127.0.0.1:25520").build());
    }
    return specs;
  }

  private static List<String> keys(Map<String, TorrentSpec> specs) {
    return specs.keySet().stream().sorted().toList();
  }

  private static Map<String, TorrentSpec> without(Map<String, TorrentSpec> specs, String key) {
    Map<String, TorrentSpec> copy = new HashMap<>(specs);
    copy.remove(key);
    return copy;
  }

  private static List<Integer> bucketSizes(ActorSystem<?> system) {
    return FleetKeys.catalogueBuckets().stream().map(key -> AskPattern.<Replicator.Command,
        Replicator.GetResponse<LWWMap<String, TorrentSpec>>>ask(DistributedData.get(system).replicator(),
        replyTo -> new Replicator.Get<>(key, Replicator.readLocal(), replyTo), WRITE_TIMEOUT, system.scheduler())
        .toCompletableFuture().join())
        .map(r -> r instanceof Replicator.GetSuccess<LWWMap<String, TorrentSpec>> ok ? ok.dataValue().size() : 0)
        .toList();
  }

  private static Map<String, TorrentSpec> legacyEntries(ActorSystem<?> system) {
    var response = AskPattern.<Replicator.Command, Replicator.GetResponse<LWWMap<String, TorrentSpec>>>ask(
        DistributedData.get(system).replicator(),
        replyTo -> new Replicator.Get<>(FleetKeys.LEGACY_CATALOGUE, Replicator.readLocal(), replyTo),
        WRITE_TIMEOUT, system.scheduler()).toCompletableFuture().join();
    return response instanceof Replicator.GetSuccess<LWWMap<String, TorrentSpec>> ok ? ok.dataValue().getEntries() : Map.of();
  }

  /** A cluster member with the fleet's configuration on loopback, ephemeral port, joining {@code seeds} (or itself). */
  private static ActorSystem<Void> system(Path dataDir, List<ActorSystem<Void>> seeds) {
    FleetSettings settings = FleetSettings.defaults(dataDir).withExtraConfig(ConfigFactory.parseString(
        "pekko.coordinated-shutdown.run-by-actor-system-terminate = off\n"
            + "pekko.cluster.jmx.multi-mbeans-in-same-jvm = on"));
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), settings.systemName(), settings.toConfig());
    Cluster cluster = Cluster.get(system);
    if (seeds.isEmpty()) {
      cluster.manager().tell(Join.create(cluster.selfMember().address()));
    } else {
      List<Address> addresses = seeds.stream().map(s -> Cluster.get(s).selfMember().address()).toList();
      cluster.manager().tell(new JoinSeedNodes(addresses));
    }
    return system;
  }

  private static void awaitUp(ActorSystem<?> system, int members) {
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
      var state = Cluster.get(system).state();
      int up = 0;
      for (var m : state.getMembers()) {
        up += m.status() == MemberStatus.up() ? 1 : 0;
      }
      return up == members;
    });
  }

  private static void terminate(ActorSystem<?> system) {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().join();
  }
}
