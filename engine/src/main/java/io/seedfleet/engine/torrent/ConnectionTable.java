package io.seedfleet.engine.torrent;

import io.seedfleet.engine.choke.ChokeDecision;
import io.seedfleet.engine.choke.PeerSnapshot;
import io.seedfleet.engine.peer.PeerConnection;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A torrent's peer actors by connection key, from spawn to close: their remote address and
 * direction, which of them finished the handshake, and their latest transfer snapshot. Part of the
 * torrent's {@link Swarm}; the torrent actor spawns the peers, this class only keeps and messages them.
 *
 * <p>Two counts matter for the caps: every live actor (a pending dial takes a slot too) and the
 * handshaken connections.
 */
final class ConnectionTable {

  private record Live(ActorRef<PeerConnection.Command> actor, InetSocketAddress remote, boolean inbound) {}

  /** Every peer actor alive, handshaken or not: all of them must hear of newly verified pieces. */
  private final Map<Integer, Live> live = new HashMap<>();
  /** Handshaken connections, minus those already told to close to get under a cap. */
  private final Map<Integer, ActorRef<PeerConnection.Command>> connected = new HashMap<>();
  private final Map<Integer, PeerSnapshot> snapshots = new HashMap<>();
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
    snapshots.remove(key);
    return peer == null ? null : peer.remote();
  }

  /** Stores the peer's latest snapshot and returns the one before it, if any. */
  PeerSnapshot reported(int key, PeerSnapshot snapshot) {
    return snapshots.put(key, snapshot);
  }

  List<PeerSnapshot> snapshots() {
    return List.copyOf(snapshots.values());
  }

  long unchokedCount() {
    return snapshots.values().stream().filter(PeerSnapshot::unchoked).count();
  }

  long downloadRate() {
    return snapshots.values().stream().mapToLong(PeerSnapshot::downloadRate).sum();
  }

  long uploadRate() {
    return snapshots.values().stream().mapToLong(PeerSnapshot::uploadRate).sum();
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

  /** Chokes every connection the decision leaves out and unchokes the others. */
  void apply(ChokeDecision decision) {
    connected.forEach((key, c) -> c.tell(new PeerConnection.SetChoked(!decision.unchoked().contains(key))));
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
