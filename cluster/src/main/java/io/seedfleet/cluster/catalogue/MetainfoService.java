package io.seedfleet.cluster.catalogue;

import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.engine.metainfo.MetainfoException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Finds the .torrent of a catalogue entry: in this node's {@link MetainfoStore}, else by asking the
 * same service on other nodes one at a time (the adding node first). It also answers those
 * requests from other nodes. Both directions use Artery's large-message channel (see
 * fleet-cluster.conf), so a 10 MB .torrent does not hold up cluster heartbeats.
 */
public final class MetainfoService extends AbstractBehavior<MetainfoService.Command> {

  /** The service's name under {@code /system}, the same on every node. */
  public static final String NAME = "seedfleet-metainfo";

  public sealed interface Command {}

  /** Local: find {@code infoHash}, asking {@code candidates} (cluster addresses, in order) if need be. */
  public record Find(InfoHash infoHash, List<String> candidates, ActorRef<Found> replyTo) implements Command {}

  /** The answer to {@link Find}: the metainfo, or null with the reason. */
  public record Found(InfoHash infoHash, Metainfo metainfo, String error) {}

  /** Local: keep a .torrent learned here (metadata fetched for a magnet) so that other nodes can ask for it. */
  public record Store(InfoHash infoHash, byte[] torrentFile) implements Command {}

  /** Between nodes: "send me this .torrent". */
  public record Request(InfoHash infoHash, ActorRef<Command> replyTo) implements Command {}

  /** Between nodes: the .torrent, or an empty array when the asked node does not have it. */
  public record Reply(InfoHash infoHash, byte[] torrentFile) implements Command {
    @Override
    public boolean equals(Object o) {
      return o instanceof Reply r && r.infoHash.equals(infoHash) && java.util.Arrays.equals(r.torrentFile, torrentFile);
    }

    @Override
    public int hashCode() {
      return infoHash.hashCode() * 31 + java.util.Arrays.hashCode(torrentFile);
    }

    @Override
    public String toString() {
      return "Reply[" + infoHash.hex() + ", " + torrentFile.length + " bytes]";
    }
  }

  private record AskTimedOut(InfoHash infoHash, String candidate) implements Command {}

  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(15);

  private final MetainfoStore store;
  private final TimerScheduler<Command> timers;
  private final Map<InfoHash, Search> searches = new HashMap<>();

  /** One search per info-hash, however many replicas wait for it. */
  private static final class Search {
    final Deque<String> candidates;
    final List<ActorRef<Found>> waiting = new ArrayList<>();
    String asking;

    Search(List<String> candidates) {
      this.candidates = new ArrayDeque<>(candidates);
    }
  }

  private MetainfoService(ActorContext<Command> context, TimerScheduler<Command> timers, MetainfoStore store) {
    super(context);
    this.timers = timers;
    this.store = store;
  }

  public static Behavior<Command> create(MetainfoStore store) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new MetainfoService(ctx, timers, store)));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Find.class, this::onFind)
        .onMessage(Store.class, this::onStore)
        .onMessage(Request.class, this::onRequest)
        .onMessage(Reply.class, this::onReply)
        .onMessage(AskTimedOut.class, this::onAskTimedOut)
        .build();
  }

  private Behavior<Command> onFind(Find find) {
    var local = store.read(find.infoHash());
    if (local.isPresent()) {
      find.replyTo().tell(new Found(find.infoHash(), local.get(), null));
      return this;
    }
    Search search = searches.computeIfAbsent(find.infoHash(), ih -> new Search(find.candidates()));
    search.waiting.add(find.replyTo());
    if (search.asking == null) {
      askNext(find.infoHash(), search);
    }
    return this;
  }

  private Behavior<Command> onStore(Store stored) {
    try {
      store.write(stored.infoHash(), stored.torrentFile());
    } catch (java.io.IOException e) {
      getContext().getLog().warn("cannot keep the .torrent of {}: {}", stored.infoHash().hex(), e.toString());
    }
    return this;
  }

  private Behavior<Command> onRequest(Request request) {
    byte[] bytes = store.readBytes(request.infoHash()).orElse(new byte[0]);
    request.replyTo().tell(new Reply(request.infoHash(), bytes));
    return this;
  }

  private Behavior<Command> onReply(Reply reply) {
    Search search = searches.get(reply.infoHash());
    if (search == null || search.asking == null) {
      return this; // late: already found elsewhere or given up
    }
    timers.cancel(reply.infoHash());
    if (reply.torrentFile().length == 0) {
      return next(reply.infoHash(), search);
    }
    try {
      Metainfo metainfo = Metainfo.parse(reply.torrentFile());
      if (!metainfo.infoHash().equals(reply.infoHash())) {
        getContext().getLog().warn("{} sent a .torrent of {} when asked for {}", search.asking, metainfo.infoHash().hex(),
            reply.infoHash().hex());
        return next(reply.infoHash(), search);
      }
      try {
        store.write(reply.infoHash(), reply.torrentFile());
      } catch (java.io.IOException e) {
        getContext().getLog().warn("cannot keep the fetched .torrent of {}: {}", reply.infoHash().hex(), e.toString());
      }
      searches.remove(reply.infoHash());
      search.waiting.forEach(w -> w.tell(new Found(reply.infoHash(), metainfo, null)));
    } catch (MetainfoException e) {
      getContext().getLog().warn("{} sent a bad .torrent for {}: {}", search.asking, reply.infoHash().hex(), e.getMessage());
      return next(reply.infoHash(), search);
    }
    return this;
  }

  private Behavior<Command> onAskTimedOut(AskTimedOut timedOut) {
    Search search = searches.get(timedOut.infoHash());
    if (search != null && timedOut.candidate().equals(search.asking)) {
      getContext().getLog().info("{} did not answer for the .torrent of {}", timedOut.candidate(), timedOut.infoHash().hex());
      return next(timedOut.infoHash(), search);
    }
    return this;
  }

  private Behavior<Command> next(InfoHash infoHash, Search search) {
    search.asking = null;
    askNext(infoHash, search);
    return this;
  }

  private void askNext(InfoHash infoHash, Search search) {
    String candidate = search.candidates.pollFirst();
    if (candidate == null) {
      searches.remove(infoHash);
      search.waiting.forEach(w -> w.tell(new Found(infoHash, null, "no node of the fleet has its .torrent")));
      return;
    }
    search.asking = candidate;
    ActorRef<Command> remote = ActorRefResolver.get(getContext().getSystem())
        .resolveActorRef(candidate + "/system/" + NAME);
    remote.tell(new Request(infoHash, getContext().getSelf()));
    timers.startSingleTimer(infoHash, new AskTimedOut(infoHash, candidate), ASK_TIMEOUT);
  }
}
