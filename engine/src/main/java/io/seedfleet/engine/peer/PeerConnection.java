package io.seedfleet.engine.peer;

import io.seedfleet.engine.net.NetConnection;
import io.seedfleet.engine.picker.BlockRequest;
import io.seedfleet.engine.torrent.PieceBuffers;
import io.seedfleet.engine.torrent.PiecePickerActor;
import io.seedfleet.engine.torrent.Torrent;
import io.seedfleet.engine.wire.BlockSink;
import io.seedfleet.engine.wire.Handshake;
import io.seedfleet.engine.wire.PeerMessage;
import io.seedfleet.engine.wire.WireRules;
import io.seedfleet.engine.wire.extension.PexMessage;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
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
 * One live BitTorrent connection: the handshake, the message loop, request pipelining, keep-alive
 * and timeouts, and serving blocks from storage. Bytes are framed on the network loop
 * ({@link WireListener}); this actor sees decoded batches and owns the protocol state.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0003.html">BEP 3</a>
 * @see <a href="https://www.bittorrent.org/beps/bep_0006.html">BEP 6</a>
 */
public final class PeerConnection extends AbstractBehavior<PeerConnection.Command> {

  public sealed interface Command {}

  // From the network loop.
  record HandshakeReceived(Handshake handshake) implements Command {}

  record MessagesReceived(List<PeerMessage> messages) implements Command {}

  record ProtocolFailure(String reason) implements Command {}

  record ConnectionClosed(String reason) implements Command {}

  enum Writable implements Command { INSTANCE }

  // From the torrent and the picker.
  /** Choke or unchoke the peer, as the torrent's choker decided. */
  public record SetChoked(boolean choked) implements Command {}

  /** We verified a piece: tell the peer. */
  public record AnnounceHave(int piece) implements Command {}

  /** Endgame: another peer delivered this block first. */
  public record CancelBlock(int piece, int begin, int length) implements Command {}

  public record Close(String reason) implements Command {}

  /** BEP 11: send this ut_pex message, if the peer offered ut_pex. */
  public record SendPex(PexMessage message) implements Command {}

  /** The picker's answer to our request for work. */
  public record RequestsPicked(List<BlockRequest> requests) implements Command {}

  // Private plumbing.
  private record Connected(NetConnection connection) implements Command {}

  private record ConnectFailed(String reason) implements Command {}

  private record UploadSent(int blocks, long bytes) implements Command {}

  private record UploadFailed(String reason) implements Command {}

  private enum Tick implements Command { INSTANCE }

  private enum HandshakeTimeout implements Command { INSTANCE }

  /** Upload tokens should be back: serve queued requests again. */
  private enum UploadTokensDue implements Command { INSTANCE }

  private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
  private static final int MAX_MESSAGE = (1 << 20) + 13;

  private final ActorContext<Command> context;
  private final PeerLink link;
  private final InetSocketAddress remote;
  private final PeerState state;
  private final RequestPipeline pipeline = new RequestPipeline();
  private final UploadPump uploads;
  private final ExtensionSession extensions;
  private final ActorRef<PiecePickerActor.Picked> pickedAdapter;
  private NetConnection connection;
  private WireListener listener;
  private TimerScheduler<Command> timers;
  /** The tick timer's period now ({@link PeerClocks#tickInterval}); null until the handshake. */
  private Duration tickEvery;

  private PeerConnection(ActorContext<Command> context, PeerLink link, InetSocketAddress remote, BitSet ourPieces) {
    super(context);
    this.context = context;
    this.link = link;
    this.remote = remote;
    this.state = new PeerState(link.geometry().pieceCount(), ourPieces);
    this.pickedAdapter = context.messageAdapter(PiecePickerActor.Picked.class, p -> new RequestsPicked(p.requests()));
    this.extensions = new ExtensionSession(link.pexAllowed(), link.metadata());
    this.uploads = new UploadPump(link.uploadLimit());
  }

  private static WireListener.Events events(ActorRef<Command> self) {
    return WireListener.Events.toActor(self, HandshakeReceived::new, MessagesReceived::new, ProtocolFailure::new,
        ConnectionClosed::new, Writable.INSTANCE);
  }

  /**
   * Runs on the network loop: lands the blocks we requested from this peer straight in their
   * pieces (ADR 0017); anything else is copied and judged by the actor as before.
   */
  private BlockSink blockSink() {
    PieceBuffers pieces = link.pieceBuffers();
    return pieces == null ? null : (piece, begin, frame, index, length) ->
        pipeline.isOutstanding(piece, begin) ? pieces.land(piece, begin, frame, index, length, link.key()) : null;
  }

  /** Dials {@code remote}, then handshakes. */
  public static Behavior<Command> outbound(PeerLink link, InetSocketAddress remote, BitSet ourPieces) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      PeerConnection peer = new PeerConnection(ctx, link, remote, ourPieces);
      timers.startSingleTimer(HandshakeTimeout.INSTANCE, HANDSHAKE_TIMEOUT);
      link.loop().connect(remote,
          conn -> {
            conn.setReadLimit(link.downloadLimit());
            peer.listener = new WireListener(events(ctx.getSelf()), conn, MAX_MESSAGE, true, peer.blockSink());
            ctx.getSelf().tell(new Connected(conn));
            return peer.listener;
          },
          e -> ctx.getSelf().tell(new ConnectFailed(e.toString())));
      return peer.connecting(timers);
    }));
  }

  /**
   * Takes over a connection whose remote handshake the session already read and routed here;
   * {@code leftover} holds any bytes that followed the handshake.
   */
  public static Behavior<Command> inbound(
      PeerLink link, NetConnection connection, Handshake remoteHandshake, ByteBuffer leftover, BitSet ourPieces) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      PeerConnection peer = new PeerConnection(ctx, link, connection.remoteAddress(), ourPieces);
      peer.connection = connection;
      connection.setReadLimit(link.downloadLimit());
      peer.listener = new WireListener(events(ctx.getSelf()), connection, MAX_MESSAGE, false, peer.blockSink());
      connection.setListener(peer.listener);
      peer.sendHandshake();
      Behavior<Command> active = peer.onRemoteHandshake(remoteHandshake, timers);
      peer.listener.decodeLeftover(leftover);
      connection.resumeReading();
      return active;
    }));
  }

  private Behavior<Command> connecting(TimerScheduler<Command> timers) {
    return Behaviors.receive(Command.class)
        .onMessage(Connected.class, c -> {
          connection = c.connection();
          sendHandshake();
          return awaitingHandshake(timers);
        })
        .onMessage(ConnectFailed.class, f -> stop("connect failed: " + f.reason(), false))
        .onMessage(HandshakeTimeout.class, t -> stop("connect timed out", false))
        .onMessage(Close.class, c -> stop(c.reason(), false))
        .onMessage(AnnounceHave.class, this::rememberHaveBeforeBitfield)
        .onAnyMessage(m -> Behaviors.same())
        .build();
  }

  private Behavior<Command> awaitingHandshake(TimerScheduler<Command> timers) {
    return Behaviors.receive(Command.class)
        .onMessage(HandshakeReceived.class, h -> onRemoteHandshake(h.handshake(), timers))
        .onMessage(ProtocolFailure.class, f -> stop(f.reason(), false))
        .onMessage(ConnectionClosed.class, c -> stop(c.reason(), false))
        .onMessage(HandshakeTimeout.class, t -> stop("handshake timed out", false))
        .onMessage(Close.class, c -> stop(c.reason(), false))
        .onMessage(AnnounceHave.class, this::rememberHaveBeforeBitfield)
        .onAnyMessage(m -> Behaviors.same())
        .build();
  }

  private Behavior<Command> onRemoteHandshake(Handshake handshake, TimerScheduler<Command> timers) {
    if (!handshake.infoHash().equals(link.infoHash())) {
      return stop("handshake for another torrent " + handshake.infoHash(), false);
    }
    timers.cancel(HandshakeTimeout.INSTANCE);
    state.handshaken(handshake, System.nanoTime());
    link.torrent().tell(new Torrent.PeerHandshaken(link.key(), context.getSelf(), remote, handshake.peerId().bytes()));
    link.picker().tell(new PiecePickerActor.PeerJoined(link.key(), context.getSelf()));
    sendAll(Frames.opening(state.ourPieces, link.geometry().pieceCount(), state.fastExtension, state.extensionProtocol
        ? ExtensionHandshakes.ours(link.listenPort(), link.metadata().remaining(), link.pexAllowed()) : null));
    this.timers = timers;
    paceTicks();
    return this;
  }

  /** Ticks every second while bytes move or may, every few seconds while the connection idles. */
  private void paceTicks() {
    Duration wanted = PeerClocks.tickInterval(state, !pipeline.isEmpty());
    if (!wanted.equals(tickEvery)) {
      tickEvery = wanted;
      timers.startTimerWithFixedDelay(Tick.INSTANCE, wanted); // replaces the running timer
    }
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(MessagesReceived.class, this::onMessagesReceived)
        .onMessage(RequestsPicked.class, this::onRequestsPicked)
        .onMessage(SetChoked.class, this::onSetChoked)
        .onMessage(AnnounceHave.class, this::onAnnounceHave)
        .onMessage(CancelBlock.class, this::onCancelBlock)
        .onMessage(SendPex.class, this::onSendPex)
        .onMessage(UploadSent.class, this::onUploadSent)
        .onMessage(UploadFailed.class, f -> stop("cannot read from storage: " + f.reason(), false))
        .onMessage(Writable.class, w -> pumpUploads())
        .onMessage(UploadTokensDue.class, t -> {
          uploads.tokensDue();
          return pumpUploads();
        })
        .onMessage(Tick.class, t -> onTick())
        .onMessage(ProtocolFailure.class, f -> stop("protocol violation: " + f.reason(), true))
        .onMessage(ConnectionClosed.class, c -> stop(c.reason(), false))
        .onMessage(Close.class, c -> stop(c.reason(), false))
        .onSignal(PostStop.class, s -> closeSocket())
        .onAnyMessage(m -> Behaviors.same())
        .build();
  }

  /** When the torrent stops its children, their sockets must not outlive them. */
  private Behavior<Command> closeSocket() {
    if (connection != null) {
      connection.close();
    }
    return Behaviors.same();
  }

  private Behavior<Command> onMessagesReceived(MessagesReceived batch) {
    listener.batchProcessed();
    state.lastReceivedNanos = System.nanoTime();
    List<PeerMessage.Piece> blocks = new ArrayList<>();
    for (PeerMessage message : batch.messages()) {
      WireRules.Violation violation = WireRules.check(message, link.geometry());
      if (violation != null) {
        return stop("protocol violation: " + violation, true);
      }
      if (message instanceof PeerMessage.Piece piece) {
        boolean requested = pipeline.complete(piece.piece(), piece.begin(), piece.block().remaining()) != null;
        if (state.blockReceived(requested, piece.block().remaining(), System.nanoTime())) {
          blocks.add(piece);
        }
        continue;
      }
      String error = handle(message);
      if (error != null) {
        return stop("protocol violation: " + error, true);
      }
    }
    if (!blocks.isEmpty()) {
      link.picker().tell(new PiecePickerActor.BlocksReceived(link.key(), blocks));
    }
    requestMore();
    paceTicks();
    return pumpUploads();
  }

  /** Applies one non-block message; returns an error description when the peer broke the protocol. */
  private String handle(PeerMessage message) {
    String violation = state.fastExtensionViolation(message);
    if (violation != null) {
      return violation;
    }
    switch (message) {
      case PeerMessage.KeepAlive k -> {}
      case PeerMessage.Choke c -> {
        state.peerChoking = true;
        releaseRequests();
      }
      case PeerMessage.Unchoke u -> state.peerChoking = false;
      case PeerMessage.Interested i -> setPeerInterested(true);
      case PeerMessage.NotInterested n -> setPeerInterested(false);
      case PeerMessage.Have have -> onPeerAnnounced(have);
      case PeerMessage.Bitfield bitfield -> onPeerAnnounced(bitfield);
      case PeerMessage.HaveAll all -> onPeerAnnounced(all);
      case PeerMessage.HaveNone none -> onPeerAnnounced(none);
      case PeerMessage.Request request -> onPeerRequest(request);
      case PeerMessage.Cancel cancel -> uploads.cancel(cancel.piece(), cancel.begin(), cancel.length());
      case PeerMessage.RejectRequest reject -> {
        if (pipeline.remove(reject.piece(), reject.begin()) != null) {
          link.picker().tell(new PiecePickerActor.RequestAborted(link.key(), reject.piece(), reject.begin()));
        }
      }
      case PeerMessage.Extended extended -> onExtended(extended);
      case PeerMessage.SuggestPiece s -> {} // advisory; rarest-first already steers us
      case PeerMessage.AllowedFast a -> {} // we request only when unchoked
      case PeerMessage.Port p -> {} // DHT port: used once the DHT exists
      case PeerMessage.Piece p -> throw new IllegalStateException("blocks are handled by the caller");
    }
    return null;
  }

  private void onPeerAnnounced(PeerMessage availability) {
    PiecePickerActor.Command news = state.peerAnnounced(availability, link.key());
    if (news != null) {
      link.picker().tell(news);
      updateInterest();
    }
  }

  private void onExtended(PeerMessage.Extended extended) {
    switch (extensions.received(extended, System.nanoTime())) {
      case ExtensionSession.Outcome.Negotiated negotiated -> {
        negotiated.remote().requestQueue().ifPresent(pipeline::setPeerLimit);
        link.torrent().tell(new Torrent.PeerExtensions(link.key(), negotiated.remote().listenPort(), negotiated.pex()));
      }
      case ExtensionSession.Outcome.Reply reply -> send(reply.message());
      case ExtensionSession.Outcome.PeersLearned learned -> link.torrent().tell(new Torrent.AddPeers(learned.peers()));
      case ExtensionSession.Outcome.Malformed bad ->
          context.getLog().debug("{}: ignoring {} message: {}", remote, bad.extension(), bad.reason());
      case ExtensionSession.Outcome.Nothing nothing -> {}
    }
  }

  private Behavior<Command> onSendPex(SendPex pex) {
    extensions.pex(pex.message()).ifPresent(this::send);
    return this;
  }

  private void setPeerInterested(boolean interested) {
    if (state.peerInterested != interested) {
      state.peerInterested = interested;
      if (!interested) {
        uploads.clear();
      }
      reportStats(); // at once: a free upload slot should not wait for the next tick
    }
  }

  private void onPeerRequest(PeerMessage.Request request) {
    if (!uploads.admit(request, state.amChoking, state.ourPieces)) {
      reject(request);
    }
  }

  /** BEP 6: a peer that speaks the fast extension hears about each request we will not serve. */
  private void reject(PeerMessage.Request request) {
    if (state.fastExtension) {
      send(new PeerMessage.RejectRequest(request.piece(), request.begin(), request.length()));
    }
  }

  private Behavior<Command> onRequestsPicked(RequestsPicked picked) {
    pipeline.picked();
    List<BlockRequest> requests = picked.requests();
    if (state.peerChoking || !state.amInterested) {
      requests.forEach(r -> link.picker().tell(new PiecePickerActor.RequestAborted(link.key(), r.piece(), r.begin())));
      return this;
    }
    if (requests.isEmpty()) {
      updateInterest();
      return this;
    }
    if (pipeline.isEmpty()) {
      state.lastBlockNanos = System.nanoTime(); // the snub clock starts when requests go out again
    }
    requests.forEach(pipeline::add);
    sendAll(Frames.requests(requests));
    paceTicks();
    return this;
  }

  private void requestMore() {
    int wanted = state.peerChoking || !state.amInterested ? 0 : pipeline.toPick(state.snubbed);
    if (wanted > 0) {
      link.picker().tell(new PiecePickerActor.Pick(link.key(), wanted, pickedAdapter));
    }
  }

  private void updateInterest() {
    boolean interested = state.peerHasWhatWeLack();
    if (interested != state.amInterested) {
      state.amInterested = interested;
      send(interested ? PeerMessage.Interested.INSTANCE : PeerMessage.NotInterested.INSTANCE);
      if (!interested) {
        releaseRequests();
      }
    }
  }

  private void releaseRequests() {
    if (!pipeline.isEmpty()) {
      pipeline.clear();
      link.picker().tell(new PiecePickerActor.PeerChoked(link.key()));
    }
  }

  private Behavior<Command> onSetChoked(SetChoked choke) {
    if (state.amChoking != choke.choked()) {
      state.amChoking = choke.choked();
      if (!choke.choked()) {
        state.unchokedAtNanos = System.nanoTime();
      }
      send(choke.choked() ? PeerMessage.Choke.INSTANCE : PeerMessage.Unchoke.INSTANCE);
      if (choke.choked()) {
        uploads.clear().forEach(this::reject);
      }
      reportStats(); // at once: the next choke round must not see the old state, whatever our tick's pace
      paceTicks();
    }
    return this;
  }

  /** Before the handshake the piece simply joins the bitfield we are about to send. */
  private Behavior<Command> rememberHaveBeforeBitfield(AnnounceHave have) {
    state.ourPieces.set(have.piece());
    return Behaviors.same();
  }

  private Behavior<Command> onAnnounceHave(AnnounceHave have) {
    state.ourPieces.set(have.piece());
    send(new PeerMessage.Have(have.piece()));
    if (state.amInterested) {
      updateInterest();
    }
    return this;
  }

  private Behavior<Command> onCancelBlock(CancelBlock cancel) {
    if (pipeline.remove(cancel.piece(), cancel.begin()) != null) {
      send(new PeerMessage.Cancel(cancel.piece(), cancel.begin(), cancel.length()));
    }
    requestMore();
    return this;
  }

  /** Reads queued requests from storage off the actor and sends them, within the send-queue bound. */
  private Behavior<Command> pumpUploads() {
    while (!state.amChoking) {
      List<PeerMessage.Request> batch = uploads.nextBatch(connection::queuedBytes,
          wait -> context.scheduleOnce(wait, context.getSelf(), UploadTokensDue.INSTANCE));
      if (batch.isEmpty()) {
        break;
      }
      long bytes = UploadPump.bytes(batch);
      ActorRef<Command> self = context.getSelf();
      BlockReader.readAndSend(link.disk(), link.storage(), connection, batch,
          () -> self.tell(new UploadSent(batch.size(), bytes)), reason -> self.tell(new UploadFailed(reason)));
    }
    return this;
  }

  private Behavior<Command> onUploadSent(UploadSent sent) {
    uploads.sent(sent.bytes());
    state.upload.add(sent.bytes());
    return pumpUploads();
  }

  private Behavior<Command> onTick() {
    long now = System.nanoTime();
    state.tick(now);
    pipeline.adapt(state.download.perSecond());
    if (PeerClocks.inactive(state, now)) {
      return stop("inactive for " + PeerClocks.INACTIVITY.toSeconds() + " s", false);
    }
    if (PeerClocks.keepAliveDue(state, now)) {
      send(PeerMessage.KeepAlive.INSTANCE);
    }
    PeerClocks.Snub snub = PeerClocks.snub(state, !pipeline.isEmpty(), now);
    if (snub == PeerClocks.Snub.GIVE_UP) {
      // Its request would otherwise pin a piece in progress forever (the picker caps those).
      return stop("snubbed: a request unanswered for " + PeerClocks.SNUBBED_REQUEST_TIMEOUT.toSeconds() + " s", false);
    }
    if (snub == PeerClocks.Snub.NOW_SNUBBED) {
      state.snubbed = true; // requests unanswered: give them to other peers
      releaseRequests();
    }
    reportStats();
    requestMore();
    paceTicks();
    return pumpUploads(); // in case a low-water notification was missed
  }

  /** Tells the torrent what changed since the last report, if anything did. */
  private void reportStats() {
    Torrent.PeerStats report = state.statsReport(link.key());
    if (report != null) {
      link.torrent().tell(report);
    }
  }

  private void sendHandshake() {
    send(Frames.handshake(link.infoHash(), link.ourPeerId()));
  }

  private void send(PeerMessage message) {
    sendAll(List.of(Frames.encode(message)));
  }

  private void send(ByteBuffer frame) {
    sendAll(List.of(frame));
  }

  private void sendAll(List<ByteBuffer> frames) {
    if (!frames.isEmpty() && connection != null) {
      connection.send(frames);
      state.lastSentNanos = System.nanoTime();
    }
  }

  private Behavior<Command> stop(String reason, boolean misbehaved) {
    if (connection != null) {
      connection.close();
    }
    link.picker().tell(new PiecePickerActor.PeerLeft(link.key()));
    reportStats(); // the bytes moved since the last tick would otherwise never be counted
    link.torrent().tell(new Torrent.PeerClosed(link.key(), remote, reason, misbehaved));
    return Behaviors.stopped();
  }
}
