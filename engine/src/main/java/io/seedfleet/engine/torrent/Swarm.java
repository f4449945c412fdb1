package io.seedfleet.engine.torrent;

import io.seedfleet.engine.choke.Choker;
import io.seedfleet.engine.choke.ChokerConfig;
import io.seedfleet.engine.choke.PeerSnapshot;
import io.seedfleet.engine.peer.PeerConnection;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The peer side of one torrent: the addresses it knows and bans ({@link PeerRoster}), its live peer
 * actors ({@link ConnectionTable}), the choker, the pace of new dials and BEP 11 peer exchange.
 * It keeps the books and decides; the torrent actor spawns the peers, enforces its caps and says
 * when the torrent runs. Owned by the torrent actor.
 */
final class Swarm {
  /** How often the torrent dials, and the window its dial budget counts in. */
  static final Duration DIAL_INTERVAL = Duration.ofSeconds(1);
  /** New outgoing connections per second (libtorrent's connection_speed is 30). */
  private static final int MAX_DIALS_PER_SECOND = 30;

  private final boolean isPrivate;
  private final int uploadSlots;
  private final Choker choker;
  private final PeerRoster roster = new PeerRoster();
  private final ConnectionTable peers = new ConnectionTable();
  private final DialBudget dials = new DialBudget(DIAL_INTERVAL.toNanos(), MAX_DIALS_PER_SECOND);
  private final PexRounds pex = new PexRounds();

  /** @param isPrivate a private torrent (BEP 27) never exchanges peers */
  Swarm(boolean isPrivate, ChokerConfig chokerConfig) {
    this.isPrivate = isPrivate;
    this.uploadSlots = chokerConfig.uploadSlots();
    this.choker = new Choker(chokerConfig, new Random());
  }

  void learn(List<InetSocketAddress> addresses) {
    addresses.forEach(roster::learn);
  }

  /**
   * Addresses to dial now: due after their back-off, within the free slots and this second's budget;
   * they count as dialed.
   *
   * @param nodeOpen the node's open connections, every torrent together
   */
  List<InetSocketAddress> dueForDial(int torrentCap, int nodeCap, int nodeOpen, long nowNanos) {
    int free = DialBudget.freeSlots(torrentCap, peers.liveCount(), nodeCap, nodeOpen); // pending dials count
    List<InetSocketAddress> due = roster.dueForDial(dials.allowed(free, nowNanos), nowNanos);
    due.forEach(address -> dials.dialed());
    return due;
  }

  /** Whether to take an inbound connection: under the cap and not banned. */
  boolean admits(InetSocketAddress remote, byte[] peerId, int torrentCap) {
    return peers.connectedCount() < torrentCap && !roster.isBanned(remote, peerId);
  }

  int newKey() {
    return peers.newKey();
  }

  void spawned(int key, ActorRef<PeerConnection.Command> actor, InetSocketAddress remote, boolean inbound) {
    peers.spawned(key, actor, remote, inbound);
  }

  /** A handshake completed and the torrent has room: keeps it unless the peer is banned or already connected. */
  void handshaken(Torrent.PeerHandshaken handshaken) {
    int key = handshaken.key();
    if (!roster.connected(key, peers.remote(key), handshaken.peerId())) {
      handshaken.connection().tell(new PeerConnection.Close("duplicate or banned peer"));
      return;
    }
    peers.handshaken(key, handshaken.connection());
    if (!peers.isInbound(key)) {
      pex.connected(key, peers.remote(key), true); // we dialed its listen address
    }
  }

  /** A peer actor stopped; a misbehaving peer is banned, any other may be dialed again after a back-off. */
  void closed(int key, InetSocketAddress remote, boolean misbehaved, long nowNanos) {
    InetSocketAddress address = peers.closed(key);
    pex.disconnected(key);
    if (misbehaved) {
      roster.ban(key, remote);
    }
    if (address != null) {
      roster.disconnected(key, address, nowNanos);
    }
  }

  /**
   * Keeps a peer's latest snapshot. True when it just became interested while choked and an upload
   * slot is free: a new leecher should not wait for the next choke round.
   */
  boolean reported(int key, PeerSnapshot snapshot) {
    PeerSnapshot previous = peers.reported(key, snapshot);
    boolean becameInterested = snapshot.interested() && (previous == null || !previous.interested());
    return becameInterested && !snapshot.unchoked() && peers.unchokedCount() < uploadSlots;
  }

  void chokeRound(boolean seeding, long nowNanos) {
    peers.apply(choker.decide(peers.snapshots(), seeding, nowNanos));
  }

  /** The remote address of a live peer, or null once it closed. */
  InetSocketAddress remote(int key) {
    return peers.remote(key);
  }

  /** Bans the peer behind {@code key}, even if it already left, and closes its connection. */
  void ban(int key, InetSocketAddress address, String reason) {
    roster.ban(key, address); // the roster remembers peers that already left
    peers.tellConnected(key, new PeerConnection.Close("banned: " + reason));
  }

  /** The extended handshake tells an inbound peer's listen port and whether it takes ut_pex. */
  void extensions(Torrent.PeerExtensions extensions, long nowNanos) {
    int key = extensions.key();
    if (!peers.isConnected(key)) {
      return;
    }
    InetSocketAddress remote = peers.remote(key);
    if (peers.isInbound(key) && remote != null && extensions.listenPort().isPresent()) {
      pex.connected(key, new InetSocketAddress(remote.getAddress(), extensions.listenPort().getAsInt()), false);
    }
    if (extensions.pex() && !isPrivate) {
      pex.acceptsPex(key, nowNanos);
    }
  }

  void pexRound(long nowNanos) {
    pex.due(nowNanos).forEach((key, message) -> peers.tellConnected(key, new PeerConnection.SendPex(message)));
  }

  /** Tells every live peer, handshaken or not, of a newly verified piece. */
  void announceHave(int piece) {
    peers.tellLive(new PeerConnection.AnnounceHave(piece));
  }

  /** Closes every live peer actor, handshakes in progress included. */
  void closeAll(String reason) {
    peers.tellLive(new PeerConnection.Close(reason));
  }

  void closeConnected(String reason) {
    peers.closeConnected(reason);
  }

  /** Closes connections, least useful first, until at most {@code cap} remain. */
  void shedOver(int cap, String reason) {
    peers.shedOver(cap, reason);
  }

  /** Closes connections, least useful first, keeping {@code keepFraction} (0..1) of them. */
  void shedToFraction(double keepFraction, String reason) {
    peers.shedToFraction(keepFraction, reason);
  }

  int connectedCount() {
    return peers.connectedCount();
  }

  int bannedCount() {
    return roster.bannedCount();
  }

  long downloadRate() {
    return peers.downloadRate();
  }

  long uploadRate() {
    return peers.uploadRate();
  }
}
