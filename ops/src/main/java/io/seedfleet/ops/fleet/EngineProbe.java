package io.seedfleet.ops.fleet;

import io.seedfleet.cluster.FleetNode;
import io.seedfleet.cluster.sharding.TorrentReplica;
import io.seedfleet.engine.dht.node.DhtNode;
import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.session.Session;
import io.seedfleet.engine.torrent.Torrent;
import io.seedfleet.engine.torrent.TorrentStatus;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * Asks this node's engine and shard region what runs here: every torrent's status (catalogue
 * replicas and published seeds alike), the DHT's counters, and the replicas this node hosts.
 * Nothing here throws: a part that does not answer in time is left out.
 */
public final class EngineProbe {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  /** The session never answers GetDhtStats when the DHT is off, so this wait is short. */
  private static final Duration DHT_TIMEOUT = Duration.ofSeconds(1);

  /** Shards of the torrent-replica entity type on this node, and the replicas (entities) in them. */
  public record LocalShards(int shards, int replicas) {}

  private final FleetNode node;

  public EngineProbe(FleetNode node) {
    this.node = node;
  }

  /**
   * The torrents running in the engine, each keyed by its actor incarnation (a torrent removed and
   * added again is a new incarnation whose counts start at zero), and the statuses of those that
   * answered in time.
   */
  public record Running(Set<String> incarnations, Map<String, TorrentStatus> answered) {
    public List<TorrentStatus> statuses() {
      return List.copyOf(answered.values());
    }
  }

  /** Every torrent in this node's engine: catalogue replicas and published seeds alike. */
  public CompletionStage<Running> torrents() {
    CompletionStage<Map<InfoHash, ActorRef<Torrent.Command>>> running = AskPattern.ask(node.session(),
        Session.GetTorrents::new, TIMEOUT, node.system().scheduler());
    return running.thenCompose(torrents -> {
      Map<String, CompletableFuture<TorrentStatus>> asks = new HashMap<>();
      for (ActorRef<Torrent.Command> torrent : torrents.values()) {
        CompletionStage<TorrentStatus> status = AskPattern.ask(torrent, Torrent.GetStatus::new, TIMEOUT,
            node.system().scheduler());
        asks.put(torrent.toString(), status.toCompletableFuture().exceptionally(e -> null));
      }
      return CompletableFuture.allOf(asks.values().toArray(CompletableFuture[]::new)).thenApply(done -> {
        Map<String, TorrentStatus> answered = new HashMap<>();
        asks.forEach((incarnation, status) -> {
          if (status.join() != null) {
            answered.put(incarnation, status.join());
          }
        });
        return new Running(Set.copyOf(asks.keySet()), Map.copyOf(answered));
      });
    });
  }

  /** The DHT's statistics, or empty when the DHT is off. */
  public CompletionStage<Optional<DhtNode.Stats>> dht() {
    CompletionStage<DhtNode.Stats> stats = AskPattern.ask(node.session(), Session.GetDhtStats::new, DHT_TIMEOUT,
        node.system().scheduler());
    return stats.thenApply(Optional::of).exceptionally(e -> Optional.empty());
  }

  public CompletionStage<LocalShards> shards() {
    CompletionStage<ShardRegion.CurrentShardRegionState> state = AskPattern.ask(
        ClusterSharding.get(node.system()).shardState(),
        replyTo -> new GetShardRegionState(TorrentReplica.TYPE_KEY, replyTo), TIMEOUT, node.system().scheduler());
    return state.thenApply(s -> new LocalShards(s.getShards().size(),
        s.getShards().stream().mapToInt(shard -> shard.getEntityIds().size()).sum()));
  }
}
