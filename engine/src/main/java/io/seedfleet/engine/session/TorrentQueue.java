package io.seedfleet.engine.session;

import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.queue.QueuePolicy;
import io.seedfleet.engine.queue.QueueSettings;
import io.seedfleet.engine.queue.SeedGoal;
import io.seedfleet.engine.torrent.Torrent;
import io.seedfleet.engine.torrent.TorrentState;
import io.seedfleet.engine.torrent.TorrentStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Keeps at most the configured number of torrents downloading and seeding, in the order they were
 * added, and hands every torrent the session's seed goal. The others wait as {@code QUEUED}.
 */
public final class TorrentQueue extends AbstractBehavior<TorrentQueue.Command> {

  public sealed interface Command {}

  public record Added(InfoHash infoHash, ActorRef<Torrent.Command> torrent) implements Command {}

  public record Removed(InfoHash infoHash) implements Command {}

  public record SetSettings(QueueSettings settings) implements Command {}

  private enum Tick implements Command { INSTANCE }

  private record Polled(Map<InfoHash, TorrentStatus> statuses) implements Command {}

  private static final Duration TICK = Duration.ofSeconds(1);
  private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(3);

  private final Map<InfoHash, ActorRef<Torrent.Command>> inOrder = new LinkedHashMap<>();
  /** What each torrent was last told, so that only changes are sent. */
  private final Map<InfoHash, Boolean> toldQueued = new HashMap<>();
  private QueueSettings settings;
  private boolean polling;

  private TorrentQueue(ActorContext<Command> context, QueueSettings settings) {
    super(context);
    this.settings = settings;
  }

  static Behavior<Command> create(QueueSettings settings) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Tick.INSTANCE, TICK);
      return new TorrentQueue(ctx, settings);
    }));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Added.class, this::onAdded)
        .onMessage(Removed.class, r -> {
          inOrder.remove(r.infoHash());
          toldQueued.remove(r.infoHash());
          return this;
        })
        .onMessage(SetSettings.class, this::onSetSettings)
        .onMessage(Tick.class, t -> onTick())
        .onMessage(Polled.class, this::onPolled)
        .build();
  }

  private Behavior<Command> onAdded(Added added) {
    inOrder.put(added.infoHash(), added.torrent());
    if (!settings.seedGoal().isNone()) {
      added.torrent().tell(new Torrent.SetSeedGoal(settings.seedGoal()));
    }
    if (!settings.limits().isUnlimited()) {
      tell(added.infoHash(), added.torrent(), true); // waits until the next round gives it a slot
    }
    return this;
  }

  private Behavior<Command> onSetSettings(SetSettings set) {
    SeedGoal previous = settings.seedGoal();
    settings = set.settings();
    if (!settings.seedGoal().equals(previous)) {
      inOrder.values().forEach(t -> t.tell(new Torrent.SetSeedGoal(settings.seedGoal())));
    }
    return onTick();
  }

  private Behavior<Command> onTick() {
    if (settings.limits().isUnlimited()) {
      inOrder.forEach((infoHash, torrent) -> tell(infoHash, torrent, false));
      return this;
    }
    if (polling || inOrder.isEmpty()) {
      return this;
    }
    polling = true;
    Map<InfoHash, CompletableFuture<TorrentStatus>> asks = new LinkedHashMap<>();
    inOrder.forEach((infoHash, torrent) -> asks.put(infoHash, AskPattern.<Torrent.Command, TorrentStatus>ask(torrent,
        Torrent.GetStatus::new, STATUS_TIMEOUT, getContext().getSystem().scheduler()).toCompletableFuture()));
    ActorRef<Command> self = getContext().getSelf();
    CompletableFuture.allOf(asks.values().stream().map(f -> f.exceptionally(e -> null)).toArray(CompletableFuture[]::new))
        .whenComplete((ignored, error) -> {
          Map<InfoHash, TorrentStatus> statuses = new HashMap<>();
          asks.forEach((infoHash, future) -> {
            TorrentStatus status = future.getNow(null);
            if (status != null) {
              statuses.put(infoHash, status);
            }
          });
          self.tell(new Polled(statuses));
        });
    return this;
  }

  private Behavior<Command> onPolled(Polled polled) {
    polling = false;
    if (settings.limits().isUnlimited()) {
      return this;
    }
    List<QueuePolicy.Entry<InfoHash>> entries = new ArrayList<>();
    inOrder.keySet().forEach(infoHash -> {
      TorrentStatus status = polled.statuses().get(infoHash);
      if (status != null) {
        entries.add(new QueuePolicy.Entry<>(infoHash, kind(status)));
      }
    });
    Set<InfoHash> active = QueuePolicy.active(entries, settings.limits());
    for (QueuePolicy.Entry<InfoHash> entry : entries) {
      if (entry.kind() != QueuePolicy.Kind.IDLE) {
        tell(entry.id(), inOrder.get(entry.id()), !active.contains(entry.id()));
      }
    }
    return this;
  }

  private static QueuePolicy.Kind kind(TorrentStatus status) {
    boolean runnable = status.state() == TorrentState.DOWNLOADING || status.state() == TorrentState.SEEDING
        || status.state() == TorrentState.QUEUED;
    if (!runnable) {
      return QueuePolicy.Kind.IDLE;
    }
    return status.wantedRemaining() > 0 ? QueuePolicy.Kind.DOWNLOAD : QueuePolicy.Kind.SEED;
  }

  private void tell(InfoHash infoHash, ActorRef<Torrent.Command> torrent, boolean queued) {
    if (torrent != null && !Boolean.valueOf(queued).equals(toldQueued.put(infoHash, queued))) {
      torrent.tell(new Torrent.SetQueued(queued));
    }
  }
}
