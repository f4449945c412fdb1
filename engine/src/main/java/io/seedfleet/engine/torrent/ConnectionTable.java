package io.seedfleet.engine.torrent;

import io.seedfleet.engine.choke.ChokeDecision;
import io.seedfleet.engine.choke.PeerSnapshot;
import io.seedfleet.engine.peer.PeerConnection;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A torrent's peer actors by connection key, from spawn to close: their remote address and
 * direction, which of them finished the handshake, and their latest transfer snapshot. Part of the
 * torrent's {@link Swarm}; the torrent actor spawns the peers, this class only keeps and messages them.
 *
 * <p>Two counts matter for the caps: every live actor (a pending dial takes a slot too) and the
 * handshaken connections.
 *
 * <p>Nothing here walks every connection unless it must (a choke round, a broadcast): the counts
 * and rate sums the torrent's status and each peer report need are kept as the snapshots change,
 * and a choke round messages only the connections whose choking changes, so that thousands of idle
 * connections cost the torrent actor nothing per report or status query.
 */
final class ConnectionTable {

  private record Live(ActorRef<PeerConnection.Command> actor, InetSocketAddress remote, boolean inbound) {}

  /** Every peer actor alive, handshaken or not: all of them must hear of newly verified pieces. */
  private final Map<Integer, Live> live = new HashMap<>();
  /** Handshaken connections, minus those already told to close to get under a cap. */
  private final Map<Integer, ActorRef<PeerConnection.Command>> connected = new HashMap<>();
  private final Map<Integer, PeerSnapshot> snapshots = new HashMap<>();
  /** Connections we last told to unchoke (and have not told to choke since); every other starts and stays choked. */
  private final Set<Integer> toldUnchoked = new HashSet<>();
  /** Sums over {@link #snapshots}, kept as they change. */
  private int reportedUnchoked;
  private long downloadRateSum;
  private long uploadRateSum;
  private int nextKey;

  /** A key no peer of this torrent has had; keys only grow, so a higher key is a newer connection. */
  int newKey() {
    return nextKey++;
  }

  void spawned(int key, ActorRef<PeerConnection.Command> actor, InetSocketAddress remote, boolean inbound) {
    live.put(key, new Live(actor, remote, inbound));
  }

  /** Live actors, including dials and handshakes still pending. */
  int liveCount() {
    return live.size();
  }

  /** The remote address of a live actor, or null once it closed. */
  InetSocketAddress remote(int key) {
    Live peer = live.get(key);
    return peer == null ? null : peer.remote();
  }

  boolean isInbound(int key) {
    Live peer = live.get(key);
    return peer != null && peer.inbound();
  }

  void handshaken(int key, ActorRef<PeerConnection.Command> connection) {
    connected.put(key, connection);
  }

  boolean isConnected(int key) {
    return connected.containsKey(key);
  }

  int connectedCount() {
    return connected.size();
  }

  /** Forgets the peer; returns the address it had, or null if it was not live. */
  InetSocketAddress closed(int key) {
    Live peer = live.remove(key);
    connected.remove(key);
    toldUnchoked.remove(key);
    count(snapshots.remove(key), -1);
    return peer == null ? null : peer.remote();
  }

  /** Stores the peer's latest snapshot and returns the one before it, if any. */
  PeerSnapshot reported(int key, PeerSnapshot snapshot) {
    PeerSnapshot previous = snapshots.put(key, snapshot);
    count(previous, -1);
    count(snapshot, 1);
    return previous;
  }

  private void count(PeerSnapshot snapshot, int sign) {
    if (snapshot != null) {
      reportedUnchoked += snapshot.unchoked() ? sign : 0;
      downloadRateSum += sign * snapshot.downloadRate();
      uploadRateSum += sign * snapshot.uploadRate();
    }
  }

  List<PeerSnapshot> snapshots() {
    return List.copyOf(snapshots.values());
  }

  /** Connections whose latest report says we do not choke them. */
  long unchokedCount() {
    return reportedUnchoked;
  }

  long downloadRate() {
    return downloadRateSum;
  }

  long uploadRate() {
    return uploadRateSum;
  }

  /** Sends to every live actor, handshaken or not. */
  void tellLive(PeerConnection.Command message) {
    live.values().forEach(peer -> peer.actor().tell(message));
  }

  /** Sends to the connection {@code key} if it is handshaken. */
  void tellConnected(int key, PeerConnection.Command message) {
    ActorRef<PeerConnection.Command> connection = connected.get(key);
    if (connection != null) {
      connection.tell(message);
    }
  }

  void closeConnected(String reason) {
    PeerConnection.Close close = new PeerConnection.Close(reason);
    connected.values().forEach(c -> c.tell(close));
  }

  /**
   * Chokes every connection the decision leaves out and unchokes the others; only those whose
   * choking changes hear of it (a connection starts choked, and changes only when told).
   */
  void apply(ChokeDecision decision) {
    connected.forEach((key, c) -> {
      boolean unchoke = decision.unchoked().contains(key);
      if (unchoke ? toldUnchoked.add(key) : toldUnchoked.remove(key)) {
        c.tell(new PeerConnection.SetChoked(!unchoke));
      }
    });
  }

  /** Closes connections, least useful first, until at most {@code cap} remain. */
  void shedOver(int cap, String reason) {
    shed(connected.size() - cap, reason);
  }

  /** Closes connections, least useful first, keeping {@code keepFraction} (0..1) of them. */
  void shedToFraction(double keepFraction, String reason) {
    // the epsilon keeps e.g. 10 * 0.7 from flooring to 6
    shed(connected.size() - (int) Math.floor(connected.size() * keepFraction + 1e-9), reason);
  }

  private void shed(int count, String reason) {
    for (int key : LeastUseful.pick(connected.keySet(), snapshots, count)) {
      connected.remove(key).tell(new PeerConnection.Close(reason)); // no longer counts against the cap
    }
  }
}
