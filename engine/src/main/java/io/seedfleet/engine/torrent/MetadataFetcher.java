package io.seedfleet.engine.torrent;

import io.seedfleet.engine.discovery.TrackerClient;
import io.seedfleet.engine.discovery.TrackerTransports;
import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.metainfo.MagnetLink;
import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.engine.metainfo.MetainfoException;
import io.seedfleet.engine.peer.MetadataPeer;
import io.seedfleet.engine.wire.extension.MetadataAssembler;
import io.seedfleet.engine.wire.extension.UtMetadataMessage;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * Fetches a magnet link's info dictionary (BEP 9) before any torrent exists: dials the peers it
 * knows (the link's {@code x.pe}, then whatever {@link AddPeers} brings from trackers or the DHT),
 * asks those that offer ut_metadata with a sane {@code metadata_size} for 16 KiB pieces, and checks
 * the whole against the info-hash. It replies once with a {@link Fetched}; the session then stops it and starts an ordinary {@link Torrent} from the metainfo. See docs/adr/0005.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0009.html">BEP 9</a>
 */
public final class MetadataFetcher extends AbstractBehavior<MetadataFetcher.Command> {

  public sealed interface Command {}

  /** More addresses to try. */
  public record AddPeers(List<InetSocketAddress> peers) implements Command {}

  /** Anything but peers that a tracker client tells its torrent; a fetcher has no use for it. */
  private enum TrackerChatter implements Command { INSTANCE }

  /** What we announce as {@code left} before the torrent's size is known (libtorrent does the same). */
  private static final long UNKNOWN_LEFT = 16 * 1024;

  public record GetStatus(ActorRef<FetchStatus> replyTo) implements Command {}

  // From metadata peers.
  public record PeerReady(int key, ActorRef<MetadataPeer.Command> peer, int metadataSize) implements Command {}

  public record PieceArrived(int key, UtMetadataMessage.Data data) implements Command {}

  public record PieceRejected(int key, int piece) implements Command {}

  public record PeerGone(int key, InetSocketAddress remote, String reason, boolean misbehaved) implements Command {}

  private enum DialTick implements Command { INSTANCE }

  /**
   * The result: {@code metainfo} and the addresses known so far, or {@code error} when the fetched
   * info dict hashed right but is not a usable torrent.
   */
  public record Fetched(InfoHash infoHash, Metainfo metainfo, List<InetSocketAddress> peers, String error) {}

  /** Progress for a user: pieces of the metadata, once some peer has told its size. */
  public record FetchStatus(InfoHash infoHash, String name, int connectedPeers, int knownPeers, int piecesHave,
      int pieceCount) {}

  private static final Duration DIAL_INTERVAL = Duration.ofSeconds(1);
  private static final long REDIAL_NANOS = Duration.ofSeconds(10).toNanos();
  private static final int MAX_CONNECTIONS = 10;
  private static final int MAX_KNOWN = 2000;

  private static final class Peer {
    final InetSocketAddress address;
    ActorRef<MetadataPeer.Command> ref;
    int metadataSize;
    int inFlight = -1;

    Peer(InetSocketAddress address) {
      this.address = address;
    }
  }

  private final MagnetLink link;
  private final EngineContext engine;
  private final ActorRef<Fetched> replyTo;
  private final Set<InetSocketAddress> known = new LinkedHashSet<>();
  private final Set<InetSocketAddress> banned = new HashSet<>();
  private final Map<InetSocketAddress, Long> lastFailedNanos = new HashMap<>();
  private final Map<Integer, Peer> peers = new HashMap<>();
  private final BitSet inFlight = new BitSet();
  private MetadataAssembler assembler;
  private int nextKey;
  /** Set once the reply went out; the session then stops us (we never stop ourselves, see ADR 0005). */
  private boolean finished;

  private MetadataFetcher(ActorContext<Command> context, MagnetLink link, EngineContext engine,
      ActorRef<Fetched> replyTo) {
    super(context);
    this.link = link;
    this.engine = engine;
    this.replyTo = replyTo;
  }

  public static Behavior<Command> create(MagnetLink link, EngineContext engine, ActorRef<Fetched> replyTo) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      MetadataFetcher fetcher = new MetadataFetcher(ctx, link, engine, replyTo);
      timers.startTimerWithFixedDelay(DialTick.INSTANCE, DIAL_INTERVAL);
      fetcher.startTrackers();
      fetcher.learn(link.peers());
      fetcher.dial();
      return fetcher;
    }));
  }

  /**
   * The magnet's own trackers ({@code tr=}) are asked for peers while the metadata is missing; the
   * torrent announces to them itself once it runs.
   */
  private void startTrackers() {
    if (link.announceTiers().isEmpty()) {
      return;
    }
    ActorRef<Torrent.Command> peersFromTrackers = getContext().messageAdapter(Torrent.Command.class,
        command -> command instanceof Torrent.AddPeers add ? new AddPeers(add.peers()) : TrackerChatter.INSTANCE);
    getContext().spawn(TrackerClient.create(link.announceTiers(), link.infoHash(), engine.peerId(), engine.listenPort(),
        UNKNOWN_LEFT, peersFromTrackers, TrackerTransports.get(getContext().getSystem())), "trackers");
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessageEquals(TrackerChatter.INSTANCE, () -> this)
        .onMessage(AddPeers.class, this::onAddPeers)
        .onMessage(GetStatus.class, this::onGetStatus)
        .onMessage(PeerReady.class, this::onPeerReady)
        .onMessage(PieceArrived.class, this::onPieceArrived)
        .onMessage(PieceRejected.class, this::onPieceRejected)
        .onMessage(PeerGone.class, this::onPeerGone)
        .onMessage(DialTick.class, t -> dial())
        .build();
  }

  private void learn(List<InetSocketAddress> addresses) {
    for (InetSocketAddress address : addresses) {
      if (known.size() < MAX_KNOWN) {
        known.add(address);
      }
    }
  }

  private Behavior<Command> onAddPeers(AddPeers add) {
    learn(add.peers());
    return dial();
  }

  private Behavior<Command> dial() {
    if (finished) {
      return this;
    }
    long now = System.nanoTime();
    Set<InetSocketAddress> connected = new HashSet<>();
    peers.values().forEach(p -> connected.add(p.address));
    for (InetSocketAddress address : known) {
      if (peers.size() >= MAX_CONNECTIONS) {
        break;
      }
      Long failed = lastFailedNanos.get(address);
      if (banned.contains(address) || connected.contains(address) || (failed != null && now - failed < REDIAL_NANOS)) {
        continue;
      }
      int key = nextKey++;
      Peer peer = new Peer(address);
      peers.put(key, peer);
      getContext().spawn(MetadataPeer.outbound(getContext().getSelf(), key, engine.loop(), address, link.infoHash(),
          engine.peerId(), engine.listenPort()), "metadata-peer-" + key);
    }
    return this;
  }

  private Behavior<Command> onPeerReady(PeerReady ready) {
    Peer peer = peers.get(ready.key());
    if (peer == null) {
      ready.peer().tell(new MetadataPeer.Close("not wanted any more"));
      return this;
    }
    peer.ref = ready.peer();
    peer.metadataSize = ready.metadataSize();
    if (assembler == null) {
      assembler = new MetadataAssembler(link.infoHash(), ready.metadataSize());
    } else if (assembler.totalSize() != ready.metadataSize()) {
      getContext().getLog().debug("{}: {} states metadata_size {}, others {}", link.infoHash(), peer.address,
          ready.metadataSize(), assembler.totalSize());
      ready.peer().tell(new MetadataPeer.Close("metadata_size disagrees with other peers"));
      return this;
    }
    assign(peer);
    return this;
  }

  private void assign(Peer peer) {
    if (peer.ref == null || peer.inFlight >= 0 || assembler == null || peer.metadataSize != assembler.totalSize()) {
      return;
    }
    int piece = assembler.nextMissing(inFlight);
    if (piece >= 0) {
      inFlight.set(piece);
      peer.inFlight = piece;
      peer.ref.tell(new MetadataPeer.RequestPiece(piece));
    }
  }

  private void release(Peer peer) {
    if (peer.inFlight >= 0) {
      inFlight.clear(peer.inFlight);
      peer.inFlight = -1;
    }
  }

  private Behavior<Command> onPieceArrived(PieceArrived arrived) {
    Peer peer = peers.get(arrived.key());
    if (finished || peer == null || assembler == null || arrived.data().totalSize() != assembler.totalSize()) {
      return this;
    }
    release(peer);
    assembler.accept(arrived.data().piece(), arrived.data().data(), arrived.key());
    if (!assembler.isComplete()) {
      assign(peer);
      return this;
    }
    return switch (assembler.verify()) {
      case MetadataAssembler.Verification.Verified verified -> finish(verified.infoDict());
      case MetadataAssembler.Verification.Mismatch mismatch -> onMismatch(mismatch);
    };
  }

  private Behavior<Command> onMismatch(MetadataAssembler.Verification.Mismatch mismatch) {
    getContext().getLog().warn("{}: fetched metadata does not match the info-hash; discarded, banning {} peer(s)",
        link.infoHash(), mismatch.sources().size());
    for (int source : mismatch.sources()) {
      Peer liar = peers.remove(source);
      if (liar != null) {
        banned.add(liar.address);
        release(liar);
        if (liar.ref != null) {
          liar.ref.tell(new MetadataPeer.Close("sent metadata that fails the info-hash"));
        }
      }
    }
    // Start again with the size the remaining peers state; one that disagrees is left idle.
    assembler = null;
    for (Peer peer : peers.values()) {
      if (peer.ref != null && assembler == null) {
        assembler = new MetadataAssembler(link.infoHash(), peer.metadataSize);
      }
      if (assembler != null && peer.metadataSize == assembler.totalSize()) {
        assign(peer);
      }
    }
    return dial();
  }

  private Behavior<Command> onPieceRejected(PieceRejected rejected) {
    Peer peer = peers.get(rejected.key());
    if (peer != null) {
      release(peer);
      peer.ref.tell(new MetadataPeer.Close("rejected a metadata request"));
      lastFailedNanos.put(peer.address, System.nanoTime());
      peers.values().forEach(this::assign);
    }
    return this;
  }

  private Behavior<Command> onPeerGone(PeerGone gone) {
    Peer peer = peers.remove(gone.key());
    if (peer == null) {
      return this;
    }
    release(peer);
    if (gone.misbehaved()) {
      banned.add(peer.address);
      getContext().getLog().warn("{}: {} misbehaved while sending metadata: {}", link.infoHash(), gone.remote(),
          gone.reason());
    } else {
      lastFailedNanos.put(peer.address, System.nanoTime());
      getContext().getLog().debug("{}: metadata peer {} gone: {}", link.infoHash(), gone.remote(), gone.reason());
    }
    peers.values().forEach(this::assign);
    return this;
  }

  private Behavior<Command> finish(byte[] infoDict) {
    List<InetSocketAddress> usable = known.stream().filter(a -> !banned.contains(a)).toList();
    try {
      Metainfo metainfo = Metainfo.fromInfoDict(infoDict, link.announceTiers());
      getContext().getLog().info("{}: fetched {} bytes of metadata for {}", link.infoHash(), infoDict.length,
          metainfo.name());
      replyTo.tell(new Fetched(link.infoHash(), metainfo, usable, null));
    } catch (MetainfoException e) {
      replyTo.tell(new Fetched(link.infoHash(), null, usable, "fetched metadata is not a usable torrent: " + e.getMessage()));
    }
    finished = true;
    getContext().getChildren().forEach(child -> getContext().stop(child)); // their sockets close on stop
    return this;
  }

  private Behavior<Command> onGetStatus(GetStatus get) {
    int connected = (int) peers.values().stream().filter(p -> p.ref != null).count();
    get.replyTo().tell(new FetchStatus(link.infoHash(), link.nameForDisplay(), connected, known.size(),
        assembler == null ? 0 : assembler.piecesHave(), assembler == null ? 0 : assembler.pieceCount()));
    return this;
  }
}
