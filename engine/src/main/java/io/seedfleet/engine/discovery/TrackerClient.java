package io.seedfleet.engine.discovery;

import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.torrent.Torrent;
import io.seedfleet.engine.tracker.AnnounceRequest;
import io.seedfleet.engine.tracker.AnnounceResponse;
import io.seedfleet.engine.tracker.Backoff;
import io.seedfleet.engine.tracker.TrackerConfig;
import io.seedfleet.engine.tracker.TrackerEvent;
import io.seedfleet.engine.tracker.TrackerException;
import io.seedfleet.engine.tracker.TrackerTiers;
import io.seedfleet.engine.wire.PeerId;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletionException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Announces one torrent to its trackers (BEP 12 order, one tracker at a time): {@code started}
 * first, then every interval, {@code completed} once, {@code stopped} when it stops. Peers found
 * go to the torrent as {@link Torrent.AddPeers}. A failing tracker backs off exponentially and the
 * next one is tried at once; HTTP 410 disables a tracker for this torrent.
 */
public final class TrackerClient extends AbstractBehavior<TrackerClient.Command> {

  public sealed interface Command {}

  /** Transfer totals for the next announce, sent by the torrent. */
  public record Progress(long uploaded, long downloaded, long left) implements Command {}

  /** The download finished: announce {@code completed} (once). */
  public enum Completed implements Command { INSTANCE }

  /** Announce {@code stopped} (best effort) and stop. */
  public enum Stop implements Command { INSTANCE }

  public record GetTrackerStatus(ActorRef<Statuses> replyTo) implements Command {}

  public record Statuses(List<TrackerStatus> trackers) {}

  private enum AnnounceDue implements Command { INSTANCE }

  private record AnnounceDone(String url, TrackerEvent event, AnnounceResponse response, Throwable error)
      implements Command {}

  /** What we know of one tracker; the actor's own mutable state. */
  private static final class Tracker {
    String lastResult = "never";
    Instant nextAnnounce;
    long readyAtNanos;
    long peersSeen;
    int seeders = -1;
    int leechers = -1;
    int failures;
    String warning;
    String trackerId;
  }

  private final ActorRef<Torrent.Command> torrent;
  private final TrackerTransports transports;
  private final TrackerConfig config;
  private final TimerScheduler<Command> timers;
  private final TrackerTiers tiers;
  private final Backoff backoff;
  private final Map<String, Tracker> trackers = new HashMap<>();
  private final InfoHash infoHash;
  private final PeerId peerId;
  private final int port;
  private final int key;
  private long uploaded;
  private long downloaded;
  private long left;
  /** The event the next announce carries; back to NONE once a tracker has acknowledged it. */
  private TrackerEvent pendingEvent = TrackerEvent.STARTED;
  /** Completed was asked for: it follows {@code started} or goes out at once, and only once. */
  private boolean completedRequested;
  private boolean inFlight;
  private boolean stoppedSent;
  private String lastWorking;
  /** The tracker an announce is on its way to: if we stop meanwhile, it may already know us. */
  private String announcingTo;

  private TrackerClient(ActorContext<Command> context, TimerScheduler<Command> timers, List<List<String>> announceTiers,
      InfoHash infoHash, byte[] peerId, int port, long left, ActorRef<Torrent.Command> torrent,
      TrackerTransports transports) {
    super(context);
    Random random = new Random();
    this.timers = timers;
    this.torrent = torrent;
    this.transports = transports;
    this.config = transports.config();
    this.tiers = new TrackerTiers(announceTiers, random);
    this.backoff = new Backoff(config.backoffBase(), config.backoffCap(), random);
    this.infoHash = infoHash;
    this.peerId = PeerId.of(peerId);
    this.port = port;
    this.key = random.nextInt();
    this.left = left;
    tiers.all().forEach(url -> trackers.put(url, new Tracker()));
  }

  /** Starts announcing at once; {@code left} is what we still miss, in bytes. */
  public static Behavior<Command> create(List<List<String>> announceTiers, InfoHash infoHash, byte[] peerId, int port,
      long left, ActorRef<Torrent.Command> torrent, TrackerTransports transports) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      ctx.getSelf().tell(AnnounceDue.INSTANCE);
      return new TrackerClient(ctx, timers, announceTiers, infoHash, peerId, port, left, torrent, transports);
    }));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(AnnounceDue.class, d -> onAnnounceDue())
        .onMessage(AnnounceDone.class, this::onAnnounceDone)
        .onMessage(Progress.class, this::onProgress)
        .onMessage(Completed.class, c -> onCompleted())
        .onMessage(GetTrackerStatus.class, this::onGetTrackerStatus)
        .onMessage(Stop.class, s -> onStop())
        .onSignal(PostStop.class, s -> onPostStop())
        .build();
  }

  private Behavior<Command> onAnnounceDue() {
    if (inFlight) {
      return this;
    }
    long now = System.nanoTime();
    long earliest = Long.MAX_VALUE;
    for (String url : tiers.order()) {
      long ready = trackers.get(url).readyAtNanos;
      if (ready - now <= 0) {
        announce(url, pendingEvent);
        return this;
      }
      earliest = Math.min(earliest, ready - now);
    }
    if (earliest != Long.MAX_VALUE) {
      timers.startSingleTimer(AnnounceDue.INSTANCE, Duration.ofNanos(earliest));
    } else {
      getContext().getLog().warn("{}: every tracker is disabled", infoHash);
    }
    return this;
  }

  private void announce(String url, TrackerEvent event) {
    inFlight = true;
    announcingTo = url;
    timers.cancel(AnnounceDue.INSTANCE);
    getContext().pipeToSelf(transports.announce(url, request(url, event)),
        (response, error) -> new AnnounceDone(url, event, response, error));
  }

  private AnnounceRequest request(String url, TrackerEvent event) {
    return new AnnounceRequest(infoHash, peerId, port, uploaded, downloaded, left, event, key, config.numWant(),
        trackers.get(url).trackerId);
  }

  private Behavior<Command> onAnnounceDone(AnnounceDone done) {
    inFlight = false;
    announcingTo = null;
    Tracker tracker = trackers.get(done.url());
    if (done.error() != null) {
      return onAnnounceFailed(done.url(), tracker, unwrap(done.error()));
    }
    AnnounceResponse response = done.response();
    tiers.succeeded(done.url());
    lastWorking = done.url();
    tracker.failures = 0;
    tracker.readyAtNanos = 0;
    tracker.lastResult = "ok";
    tracker.warning = response.warning();
    tracker.seeders = response.seeders();
    tracker.leechers = response.leechers();
    tracker.peersSeen += response.peers().size();
    if (response.trackerId() != null) {
      tracker.trackerId = response.trackerId();
    }
    if (done.event() == pendingEvent) {
      pendingEvent = done.event() == TrackerEvent.STARTED && completedRequested ? TrackerEvent.COMPLETED : TrackerEvent.NONE;
    }
    List<InetSocketAddress> peers = response.peers().stream().filter(this::notOurselves).toList();
    if (!peers.isEmpty()) {
      torrent.tell(new Torrent.AddPeers(peers));
    }
    Duration interval = config.clampInterval(response.interval(), response.minInterval());
    getContext().getLog().debug("{}: {} gave {} peers, next announce in {}", infoHash, done.url(), peers.size(), interval);
    if (pendingEvent != TrackerEvent.NONE) {
      getContext().getSelf().tell(AnnounceDue.INSTANCE); // completed arrived while this announce was in flight
    } else {
      tracker.nextAnnounce = Instant.now().plus(interval);
      timers.startSingleTimer(AnnounceDue.INSTANCE, interval);
    }
    return this;
  }

  private Behavior<Command> onAnnounceFailed(String url, Tracker tracker, Throwable error) {
    boolean permanent = error instanceof TrackerException t && t.permanent();
    String message = error instanceof TrackerException ? error.getMessage() : error.toString();
    tracker.failures++;
    tracker.lastResult = message;
    tracker.nextAnnounce = null;
    if (permanent) {
      tiers.disable(url);
      getContext().getLog().warn("{}: tracker {} disabled: {}", infoHash, url, message);
    } else {
      Duration delay = backoff.delay(tracker.failures);
      tracker.readyAtNanos = System.nanoTime() + delay.toNanos();
      tracker.nextAnnounce = Instant.now().plus(delay);
      getContext().getLog().info("{}: tracker {} failed ({}), retry in {}", infoHash, url, message, delay);
    }
    return onAnnounceDue(); // the next tracker in tier order, or wait for the first back-off to end
  }

  private boolean notOurselves(InetSocketAddress peer) {
    return !(peer.getPort() == port && peer.getAddress() != null
        && (peer.getAddress().isLoopbackAddress() || peer.getAddress().isAnyLocalAddress()));
  }

  private Behavior<Command> onProgress(Progress progress) {
    uploaded = progress.uploaded();
    downloaded = progress.downloaded();
    left = progress.left();
    return this;
  }

  private Behavior<Command> onCompleted() {
    left = 0;
    if (completedRequested) {
      return this;
    }
    completedRequested = true;
    if (pendingEvent == TrackerEvent.STARTED) {
      return this; // no tracker has heard of us yet: completed follows started
    }
    pendingEvent = TrackerEvent.COMPLETED;
    return onAnnounceDue();
  }

  private Behavior<Command> onGetTrackerStatus(GetTrackerStatus get) {
    List<TrackerStatus> list = tiers.all().stream().map(url -> {
      Tracker t = trackers.get(url);
      return new TrackerStatus(url, t.lastResult, t.nextAnnounce, t.peersSeen, t.seeders, t.leechers, t.warning,
          t.failures, tiers.isDisabled(url));
    }).toList();
    get.replyTo().tell(new Statuses(list));
    return this;
  }

  private Behavior<Command> onStop() {
    sendStopped();
    return Behaviors.stopped();
  }

  private Behavior<Command> onPostStop() {
    sendStopped();
    return this;
  }

  /**
   * Best effort and unanswered: the actor is going away. Only a tracker that knows us is told: the
   * last one that answered, or the one still answering our announce.
   */
  private void sendStopped() {
    String url = announcingTo != null ? announcingTo : lastWorking;
    if (stoppedSent || url == null) {
      return;
    }
    stoppedSent = true;
    try {
      transports.announce(url, request(url, TrackerEvent.STOPPED));
    } catch (RuntimeException e) {
      // The engine is shutting down and its transports with it: the tracker will time us out instead.
      getContext().getLog().debug("{}: no stopped announce: {}", infoHash, e.toString());
    }
  }

  private static Throwable unwrap(Throwable error) {
    while (error instanceof CompletionException && error.getCause() != null) {
      error = error.getCause();
    }
    return error;
  }
}
