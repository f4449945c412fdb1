package io.seedfleet.engine.peer;

import io.seedfleet.engine.net.NetConnection;
import io.seedfleet.engine.picker.BlockRequest;
import io.seedfleet.engine.torrent.PiecePickerActor;
import io.seedfleet.engine.torrent.Torrent;
import io.seedfleet.engine.wire.Handshake;
import io.seedfleet.engine.wire.PeerMessage;
import io.seedfleet.engine.wire.WireRules;
import io.seedfleet.engine.wire.extension.ExtensionMessageException;
import io.seedfleet.engine.wire.extension.PexMessage;
import io.seedfleet.engine.wire.extension.PexPeer;
import io.seedfleet.engine.wire.extension.UtMetadata;
import io.seedfleet.engine.wire.extension.UtMetadataMessage;
import io.seedfleet.engine.wire.extension.UtPex;
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

  private static final Duration TICK = Duration.ofSeconds(1);
  private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
  private static final long KEEPALIVE_NANOS = Duration.ofSeconds(90).toNanos();
  private static final long INACTIVITY_NANOS = Duration.ofSeconds(150).toNanos();
  private static final long SNUB_NANOS = Duration.ofSeconds(30).toNanos();
  /** A snubbed peer that leaves even its one request unanswered this long is dropped. */
  private static final long SNUBBED_REQUEST_TIMEOUT_NANOS = Duration.ofSeconds(60).toNanos();
  private static final int MAX_MESSAGE = (1 << 20) + 13;
  /** BEP 11 asks for at most one PEX message a minute; we ignore any that come faster. */
  private static final long MIN_PEX_INTERVAL_NANOS = Duration.ofSeconds(45).toNanos();

  private final ActorContext<Command> context;
  private final PeerLink link;
  private final InetSocketAddress remote;
  private final PeerState state;
  private final RequestPipeline pipeline = new RequestPipeline();
  private final UploadQueue uploads = new UploadQueue();
  private final ActorRef<PiecePickerActor.Picked> pickedAdapter;
  private NetConnection connection;
  private WireListener listener;
  private boolean pickPending;
  private long uploadBytesInFlight;
  private final UploadTokens uploadTokens;
  private final MetadataServing metadataServing;
  private ExtensionHandshakes.Remote remoteExtensions;
  private long lastPexReceivedNanos;

  private PeerConnection(ActorContext<Command> context, PeerLink link, InetSocketAddress remote, BitSet ourPieces) {
    super(context);
    this.context = context;
    this.link = link;
    this.remote = remote;
    this.state = new PeerState(link.geometry().pieceCount(), ourPieces);
    this.pickedAdapter = context.messageAdapter(PiecePickerActor.Picked.class, p -> new RequestsPicked(p.requests()));
    this.metadataServing = new MetadataServing(link.metadata());
    this.uploadTokens = new UploadTokens(link.uploadLimit());
  }

  private static WireListener.Events events(ActorRef<Command> self) {
    return WireListener.Events.toActor(self, HandshakeReceived::new, MessagesReceived::new, ProtocolFailure::new,
        ConnectionClosed::new, Writable.INSTANCE);
  }

  /** Dials {@code remote}, then handshakes. */
  public static Behavior<Command> outbound(PeerLink link, InetSocketAddress remote, BitSet ourPieces) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      PeerConnection peer = new PeerConnection(ctx, link, remote, ourPieces);
      timers.startSingleTimer(HandshakeTimeout.INSTANCE, HANDSHAKE_TIMEOUT);
      link.loop().connect(remote,
          conn -> {
            conn.setReadLimit(link.downloadLimit());
            peer.listener = new WireListener(events(ctx.getSelf()), conn, MAX_MESSAGE, true);
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
      peer.listener = new WireListener(events(ctx.getSelf()), connection, MAX_MESSAGE, false);
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
    state.fastExtension = handshake.reserved().supportsFast();
    state.extensionProtocol = handshake.reserved().supportsExtensionProtocol();
    state.remotePeerId = handshake.peerId().bytes();
    state.lastReceivedNanos = System.nanoTime();
    link.torrent().tell(new Torrent.PeerHandshaken(link.key(), context.getSelf(), remote, handshake.peerId().bytes()));
    link.picker().tell(new PiecePickerActor.PeerJoined(link.key(), context.getSelf()));
    sendInitialMessages();
    timers.startTimerWithFixedDelay(Tick.INSTANCE, TICK);
    return this;
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
          uploadTokens.wokeUp();
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
    List<PeerMessage.Piece> blocks = null;
    for (PeerMessage message : batch.messages()) {
      WireRules.Violation violation = WireRules.check(message, link.geometry());
      if (violation != null) {
        return stop("protocol violation: " + violation, true);
      }
      if (message instanceof PeerMessage.Piece piece) {
        if (pipeline.complete(piece.piece(), piece.begin(), piece.block().remaining()) == null) {
          state.wastedBytes += piece.block().remaining(); // unrequested, cancelled or duplicate
          continue;
        }
        state.download.add(piece.block().remaining());
        state.lastBlockNanos = System.nanoTime();
        state.snubbed = false;
        if (blocks == null) {
          blocks = new ArrayList<>();
        }
        blocks.add(piece);
        continue;
      }
      String error = handle(message);
      if (error != null) {
        return stop("protocol violation: " + error, true);
      }
    }
    if (blocks != null) {
      link.picker().tell(new PiecePickerActor.BlocksReceived(link.key(), blocks));
    }
    requestMore();
    return pumpUploads();
  }

  /** Applies one non-block message; returns an error description when the peer broke the protocol. */
  private String handle(PeerMessage message) {
    boolean fastOnly = message instanceof PeerMessage.RejectRequest || message instanceof PeerMessage.AllowedFast
        || message instanceof PeerMessage.SuggestPiece;
    if (fastOnly && !state.fastExtension) {
      return message.getClass().getSimpleName() + " without the fast extension (BEP 6)";
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
      case PeerMessage.Have have -> {
        if (!state.peerPieces.get(have.piece())) {
          state.peerPieces.set(have.piece());
          link.picker().tell(new PiecePickerActor.PeerHave(link.key(), have.piece()));
          updateInterest();
        }
      }
      case PeerMessage.Bitfield bitfield -> {
        // BEP 3 sends it first; aria2 also resends one mid-connection. Like libtorrent, a later
        // bitfield replaces what we knew.
        state.peerPieces = bitfield.toBitSet();
        link.picker().tell(new PiecePickerActor.PeerBitfield(link.key(), (BitSet) state.peerPieces.clone()));
        updateInterest();
      }
      case PeerMessage.HaveAll all -> {
        if (!state.fastExtension) {
          return "have_all without the fast extension";
        }
        state.peerPieces.set(0, link.geometry().pieceCount());
        link.picker().tell(new PiecePickerActor.PeerHaveAll(link.key()));
        updateInterest();
      }
      case PeerMessage.HaveNone none -> {
        if (!state.fastExtension) {
          return "have_none without the fast extension";
        }
        state.peerPieces = new BitSet(link.geometry().pieceCount());
        link.picker().tell(new PiecePickerActor.PeerBitfield(link.key(), new BitSet()));
        updateInterest();
      }
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

  private void onExtended(PeerMessage.Extended extended) {
    switch (extended.extendedId()) {
      case PeerMessage.Extended.HANDSHAKE_ID -> ExtensionHandshakes.remote(extended.payload()).ifPresent(this::onExtendedHandshake);
      case ExtensionHandshakes.OUR_UT_METADATA_ID -> onUtMetadata(extended.payload());
      case ExtensionHandshakes.OUR_UT_PEX_ID -> onUtPex(extended.payload());
      default -> { } // an extension we never offered: ignored, as BEP 10 allows
    }
  }

  private void onExtendedHandshake(ExtensionHandshakes.Remote remote) {
    remoteExtensions = remote;
    remote.requestQueue().ifPresent(pipeline::setPeerLimit);
    boolean pex = link.pexAllowed() && remote.utPexId().isPresent();
    link.torrent().tell(new Torrent.PeerExtensions(link.key(), remote.listenPort(), pex));
  }

  /** BEP 9: answer requests for the info dict; we never ask a connected torrent's peers for it. */
  private void onUtMetadata(ByteBuffer payload) {
    if (remoteExtensions == null || remoteExtensions.utMetadataId().isEmpty()) {
      return;
    }
    try {
      if (UtMetadata.decode(payload, 0) instanceof UtMetadataMessage.Request request) {
        UtMetadataMessage answer = metadataServing.answer(request.piece());
        send(new PeerMessage.Extended(remoteExtensions.utMetadataId().getAsInt(),
            ByteBuffer.wrap(UtMetadata.encode(answer))));
      }
    } catch (ExtensionMessageException e) {
      context.getLog().debug("{}: ignoring ut_metadata message: {}", remote, e.getMessage());
    }
  }

  /** BEP 11: hand at most 50 new addresses to the torrent, at most about once a minute. */
  private void onUtPex(ByteBuffer payload) {
    long now = System.nanoTime();
    if (!link.pexAllowed() || (lastPexReceivedNanos != 0 && now - lastPexReceivedNanos < MIN_PEX_INTERVAL_NANOS)) {
      return;
    }
    lastPexReceivedNanos = now;
    try {
      PexMessage message = UtPex.decode(payload);
      List<InetSocketAddress> added = message.added().stream().map(PexPeer::address)
          .limit(UtPex.MAX_PEERS_PER_LIST).toList();
      if (!added.isEmpty()) {
        link.torrent().tell(new Torrent.AddPeers(added));
      }
    } catch (ExtensionMessageException e) {
      context.getLog().debug("{}: ignoring ut_pex message: {}", remote, e.getMessage());
    }
  }

  private Behavior<Command> onSendPex(SendPex pex) {
    if (link.pexAllowed() && remoteExtensions != null && remoteExtensions.utPexId().isPresent()) {
      send(new PeerMessage.Extended(remoteExtensions.utPexId().getAsInt(), ByteBuffer.wrap(UtPex.encode(pex.message()))));
    }
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
    if (state.amChoking || !state.ourPieces.get(request.piece())) {
      if (state.fastExtension) {
        send(new PeerMessage.RejectRequest(request.piece(), request.begin(), request.length()));
      }
      return;
    }
    if (!uploads.offer(request)) {
      state.droppedRequests++;
      if (state.fastExtension) {
        send(new PeerMessage.RejectRequest(request.piece(), request.begin(), request.length()));
      }
    }
  }

  private Behavior<Command> onRequestsPicked(RequestsPicked picked) {
    pickPending = false;
    List<BlockRequest> requests = picked.requests();
    if (state.peerChoking || !state.amInterested) {
      for (BlockRequest r : requests) {
        link.picker().tell(new PiecePickerActor.RequestAborted(link.key(), r.piece(), r.begin()));
      }
      return this;
    }
    if (requests.isEmpty()) {
      updateInterest();
      return this;
    }
    List<ByteBuffer> out = new ArrayList<>(requests.size());
    if (pipeline.isEmpty()) {
      state.lastBlockNanos = System.nanoTime(); // the snub clock starts when requests go out again
    }
    for (BlockRequest r : requests) {
      pipeline.add(r);
      out.add(Frames.encode(new PeerMessage.Request(r.piece(), r.begin(), r.length())));
    }
    sendAll(out);
    return this;
  }

  private void requestMore() {
    if (pickPending || state.peerChoking || !state.amInterested) {
      return;
    }
    // A snubbed peer keeps one request in flight, like libtorrent: enough to notice it recover.
    int wanted = state.snubbed ? (pipeline.isEmpty() ? 1 : 0) : pipeline.wanted();
    if (wanted > 0) {
      pickPending = true;
      link.picker().tell(new PiecePickerActor.Pick(link.key(), wanted, pickedAdapter));
    }
  }

  private void updateInterest() {
    BitSet useful = (BitSet) state.peerPieces.clone();
    useful.andNot(state.ourPieces);
    boolean interested = !useful.isEmpty();
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
        for (PeerMessage.Request r : uploads.clear()) {
          if (state.fastExtension) {
            send(new PeerMessage.RejectRequest(r.piece(), r.begin(), r.length()));
          }
        }
      }
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
    while (!uploads.isEmpty() && !state.amChoking
        && connection.queuedBytes() + uploadBytesInFlight < NetConnection.HIGH_WATER) {
      long granted = uploadTokens.take(uploads.nextLength(),
          wait -> context.scheduleOnce(wait, context.getSelf(), UploadTokensDue.INSTANCE));
      if (granted == 0) {
        break;
      }
      List<PeerMessage.Request> batch = uploads.take((int) granted);
      long bytes = batch.stream().mapToLong(PeerMessage.Request::length).sum();
      if (granted > bytes) {
        uploadTokens.unused(granted - bytes);
      }
      uploadBytesInFlight += bytes;
      ActorRef<Command> self = context.getSelf();
      NetConnection conn = connection;
      link.disk().execute(() -> {
        try {
          conn.send(BlockReader.read(link.storage(), batch));
          self.tell(new UploadSent(batch.size(), bytes));
        } catch (Exception e) {
          self.tell(new UploadFailed(e.toString()));
        }
      });
    }
    return this;
  }

  private Behavior<Command> onUploadSent(UploadSent sent) {
    uploadBytesInFlight -= sent.bytes();
    state.upload.add(sent.bytes());
    return pumpUploads();
  }

  private Behavior<Command> onTick() {
    long now = System.nanoTime();
    state.download.tick(TICK.toMillis() / 1000.0);
    state.upload.tick(TICK.toMillis() / 1000.0);
    pipeline.adapt(state.download.perSecond());
    if (now - state.lastReceivedNanos > INACTIVITY_NANOS) {
      return stop("inactive for " + Duration.ofNanos(INACTIVITY_NANOS).toSeconds() + " s", false);
    }
    if (now - state.lastSentNanos > KEEPALIVE_NANOS) {
      send(PeerMessage.KeepAlive.INSTANCE);
    }
    if (!pipeline.isEmpty() && state.snubbed && now - state.lastBlockNanos > SNUBBED_REQUEST_TIMEOUT_NANOS) {
      // Its request would otherwise pin a piece in progress forever (the picker caps those).
      return stop("snubbed: a request unanswered for 60 s", false);
    }
    if (!pipeline.isEmpty() && !state.snubbed && now - state.lastBlockNanos > SNUB_NANOS) {
      state.snubbed = true; // requests unanswered: give them to other peers
      releaseRequests();
    }
    reportStats();
    requestMore();
    return pumpUploads(); // in case a low-water notification was missed
  }

  private void reportStats() {
    long downloaded = state.download.total();
    long uploaded = state.upload.total();
    link.torrent().tell(new Torrent.PeerStats(link.key(), state.snapshot(link.key()),
        downloaded - state.reportedDownload, uploaded - state.reportedUpload));
    state.reportedDownload = downloaded;
    state.reportedUpload = uploaded;
  }

  private void sendHandshake() {
    send(Frames.handshake(link.infoHash(), link.ourPeerId()));
  }

  private void sendInitialMessages() {
    List<ByteBuffer> out = new ArrayList<>(3);
    int count = link.geometry().pieceCount();
    if (state.fastExtension && state.ourPieces.cardinality() == count) {
      out.add(Frames.encode(PeerMessage.HaveAll.INSTANCE));
    } else if (state.fastExtension && state.ourPieces.isEmpty()) {
      out.add(Frames.encode(PeerMessage.HaveNone.INSTANCE));
    } else if (!state.ourPieces.isEmpty()) {
      out.add(Frames.encode(PeerMessage.Bitfield.of(state.ourPieces, count)));
    }
    if (state.extensionProtocol) {
      out.add(Frames.encode(ExtensionHandshakes.ours(link.listenPort(), link.metadata().remaining(), link.pexAllowed())));
    }
    sendAll(out);
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
