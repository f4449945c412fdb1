package io.seedfleet.engine.peer;

import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.net.NetConnection;
import io.seedfleet.engine.net.NetLoop;
import io.seedfleet.engine.torrent.MetadataFetcher;
import io.seedfleet.engine.wire.Handshake;
import io.seedfleet.engine.wire.PeerMessage;
import io.seedfleet.engine.wire.extension.ExtensionMessageException;
import io.seedfleet.engine.wire.extension.UtMetadata;
import io.seedfleet.engine.wire.extension.UtMetadataMessage;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * One connection used only to fetch a magnet link's info dictionary (BEP 9): dial, handshake with
 * the extension bit, exchange extended handshakes, then request the metadata pieces its {@link
 * MetadataFetcher} assigns, one at a time. It asks for no data and serves none; everything but
 * extended messages is ignored, since without metadata we cannot even check a bitfield's size.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0009.html">BEP 9</a>
 */
public final class MetadataPeer extends AbstractBehavior<MetadataPeer.Command> {

  public sealed interface Command {}

  /** Ask the peer for this metadata piece. */
  public record RequestPiece(int piece) implements Command {}

  public record Close(String reason) implements Command {}

  private record Connected(NetConnection connection) implements Command {}

  private record ConnectFailed(String reason) implements Command {}

  private record HandshakeReceived(Handshake handshake) implements Command {}

  private record MessagesReceived(List<PeerMessage> messages) implements Command {}

  private record Failed(String reason, boolean misbehaved) implements Command {}

  private enum Tick implements Command { INSTANCE }

  private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration EXTENDED_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
  private static final long REQUEST_TIMEOUT_NANOS = Duration.ofSeconds(20).toNanos();
  private static final int MAX_MESSAGE = UtMetadata.MAX_PAYLOAD + 1024;
  /** Non-extended messages tolerated (bitfield, have, ...): a peer that only chatters is dropped. */
  private static final int MAX_OTHER_MESSAGES = 10_000;

  private final ActorContext<Command> context;
  private final ActorRef<MetadataFetcher.Command> fetcher;
  private final int key;
  private final InetSocketAddress remote;
  private final InfoHash infoHash;
  private final byte[] ourPeerId;
  private final int listenPort;
  private NetConnection connection;
  private WireListener listener;
  private ExtensionHandshakes.Remote extensions;
  private int requestedPiece = -1;
  private long requestedAtNanos;
  private int otherMessages;
  private boolean reportedGone;

  private MetadataPeer(ActorContext<Command> context, ActorRef<MetadataFetcher.Command> fetcher, int key,
      InetSocketAddress remote, InfoHash infoHash, byte[] ourPeerId, int listenPort) {
    super(context);
    this.context = context;
    this.fetcher = fetcher;
    this.key = key;
    this.remote = remote;
    this.infoHash = infoHash;
    this.ourPeerId = ourPeerId;
    this.listenPort = listenPort;
  }

  /** Dials {@code remote} and reports to {@code fetcher} under {@code key}. */
  public static Behavior<Command> outbound(ActorRef<MetadataFetcher.Command> fetcher, int key, NetLoop loop,
      InetSocketAddress remote, InfoHash infoHash, byte[] ourPeerId, int listenPort) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      MetadataPeer peer = new MetadataPeer(ctx, fetcher, key, remote, infoHash, ourPeerId, listenPort);
      timers.startSingleTimer(Tick.INSTANCE, HANDSHAKE_TIMEOUT);
      ActorRef<Command> self = ctx.getSelf();
      loop.connect(remote,
          conn -> {
            peer.listener = new WireListener(events(self), conn, MAX_MESSAGE, true);
            self.tell(new Connected(conn));
            return peer.listener;
          },
          e -> self.tell(new ConnectFailed(e.toString())));
      return peer.connecting(timers);
    }));
  }

  private static WireListener.Events events(ActorRef<Command> self) {
    return WireListener.Events.toActor(self, HandshakeReceived::new, MessagesReceived::new,
        reason -> new Failed("protocol violation: " + reason, true), reason -> new Failed(reason, false), null);
  }

  private Behavior<Command> connecting(TimerScheduler<Command> timers) {
    return Behaviors.receive(Command.class)
        .onMessage(Connected.class, c -> {
          connection = c.connection();
          connection.send(Frames.handshake(infoHash, ourPeerId));
          return awaitingHandshake(timers);
        })
        .onMessage(ConnectFailed.class, f -> stop("connect failed: " + f.reason(), false))
        .onMessage(Tick.class, t -> stop("connect timed out", false))
        .onMessage(Close.class, c -> stop(c.reason(), false))
        .onSignal(PostStop.class, s -> closeSocket())
        .onAnyMessage(m -> Behaviors.same())
        .build();
  }

  private Behavior<Command> awaitingHandshake(TimerScheduler<Command> timers) {
    return Behaviors.receive(Command.class)
        .onMessage(HandshakeReceived.class, h -> onHandshake(h.handshake(), timers))
        .onMessage(Failed.class, f -> stop(f.reason(), false))
        .onMessage(Tick.class, t -> stop("handshake timed out", false))
        .onMessage(Close.class, c -> stop(c.reason(), false))
        .onSignal(PostStop.class, s -> closeSocket())
        .onAnyMessage(m -> Behaviors.same())
        .build();
  }

  private Behavior<Command> onHandshake(Handshake handshake, TimerScheduler<Command> timers) {
    if (!handshake.infoHash().equals(infoHash)) {
      return stop("handshake for another torrent", true);
    }
    if (!handshake.reserved().supportsExtensionProtocol()) {
      return stop("no extension protocol (BEP 10), so no metadata exchange", false);
    }
    connection.send(Frames.encode(ExtensionHandshakes.ours(listenPort, 0, false)));
    requestedAtNanos = System.nanoTime(); // the extended handshake is due within the timeout too
    timers.startTimerWithFixedDelay(Tick.INSTANCE, Duration.ofSeconds(1));
    return this;
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(MessagesReceived.class, this::onMessages)
        .onMessage(RequestPiece.class, this::onRequestPiece)
        .onMessage(Tick.class, t -> onTick())
        .onMessage(Failed.class, f -> stop(f.reason(), f.misbehaved()))
        .onMessage(Close.class, c -> stop(c.reason(), false))
        .onSignal(PostStop.class, s -> closeSocket())
        .onAnyMessage(m -> Behaviors.same())
        .build();
  }

  private Behavior<Command> onMessages(MessagesReceived batch) {
    listener.batchProcessed();
    for (PeerMessage message : batch.messages()) {
      if (!(message instanceof PeerMessage.Extended extended)) {
        if (++otherMessages > MAX_OTHER_MESSAGES) {
          return stop("too many messages without metadata", false);
        }
        continue;
      }
      if (extended.extendedId() == PeerMessage.Extended.HANDSHAKE_ID) {
        Behavior<Command> next = onExtendedHandshake(extended.payload());
        if (next != this) {
          return next;
        }
      } else if (extended.extendedId() == ExtensionHandshakes.OUR_UT_METADATA_ID) {
        Behavior<Command> next = onUtMetadata(extended.payload());
        if (next != this) {
          return next;
        }
      }
    }
    return this;
  }

  private Behavior<Command> onExtendedHandshake(ByteBuffer payload) {
    if (extensions != null) {
      return this; // a repeated handshake may only update settings; the size is fixed by the first
    }
    extensions = ExtensionHandshakes.remote(payload).orElse(null);
    if (extensions == null || extensions.utMetadataId().isEmpty()) {
      return stop("peer does not offer ut_metadata", false);
    }
    if (extensions.metadataSize().isEmpty()) {
      return stop("peer states no sane metadata_size (1 byte .. 30 MiB)", false);
    }
    fetcher.tell(new MetadataFetcher.PeerReady(key, context.getSelf(), extensions.metadataSize().getAsInt()));
    return this;
  }

  private Behavior<Command> onUtMetadata(ByteBuffer payload) {
    if (extensions == null) {
      return this;
    }
    UtMetadataMessage message;
    try {
      message = UtMetadata.decode(payload, extensions.metadataSize().getAsInt());
    } catch (ExtensionMessageException e) {
      return stop("bad ut_metadata message: " + e.getMessage(), true);
    }
    switch (message) {
      case UtMetadataMessage.Data data when data.piece() == requestedPiece -> {
        requestedPiece = -1;
        fetcher.tell(new MetadataFetcher.PieceArrived(key, data));
      }
      case UtMetadataMessage.Reject reject when reject.piece() == requestedPiece -> {
        requestedPiece = -1;
        fetcher.tell(new MetadataFetcher.PieceRejected(key, reject.piece()));
      }
      case UtMetadataMessage.Request request -> send(new UtMetadataMessage.Reject(request.piece()));
      default -> { } // unrequested data or a stale reject: dropped
    }
    return this;
  }

  private Behavior<Command> onRequestPiece(RequestPiece request) {
    requestedPiece = request.piece();
    requestedAtNanos = System.nanoTime();
    send(new UtMetadataMessage.Request(request.piece()));
    return this;
  }

  private Behavior<Command> onTick() {
    long waited = System.nanoTime() - requestedAtNanos;
    if (extensions == null && waited > EXTENDED_HANDSHAKE_TIMEOUT.toNanos()) {
      return stop("no extended handshake", false);
    }
    if (requestedPiece >= 0 && waited > REQUEST_TIMEOUT_NANOS) {
      return stop("metadata piece " + requestedPiece + " not sent in time", false);
    }
    return this;
  }

  private void send(UtMetadataMessage message) {
    connection.send(Frames.encode(
        new PeerMessage.Extended(extensions.utMetadataId().getAsInt(), ByteBuffer.wrap(UtMetadata.encode(message)))));
  }

  private Behavior<Command> closeSocket() {
    if (connection != null) {
      connection.close();
    }
    return Behaviors.same();
  }

  private Behavior<Command> stop(String reason, boolean misbehaved) {
    closeSocket();
    if (!reportedGone) {
      reportedGone = true;
      fetcher.tell(new MetadataFetcher.PeerGone(key, remote, reason, misbehaved));
    }
    return Behaviors.stopped();
  }
}
