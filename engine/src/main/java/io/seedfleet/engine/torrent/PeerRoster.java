package io.seedfleet.engine.torrent;

import io.seedfleet.engine.wire.PeerId;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The peers a torrent knows and the connections it has: which addresses to dial next (with
 * back-off after failures), who is banned, and which remote peer ids are already connected (one
 * connection per peer). Pure bookkeeping, owned by the torrent actor.
 *
 * <p>Bans are by IP address, except on loopback where every test peer shares 127.0.0.1: there the
 * ban holds the address and port, and the peer id.
 */
final class PeerRoster {
  private static final long BASE_RETRY_NANOS = 2_000_000_000L;
  private static final int MAX_KNOWN = 2000;

  private static final class Known {
    int failures;
    long nextAttemptNanos;
    boolean connected;
    boolean connecting;
  }

  private final Map<InetSocketAddress, Known> known = new LinkedHashMap<>();
  private final Set<String> banned = new HashSet<>();
  private final Map<Integer, byte[]> peerIds = new HashMap<>();
  /** The ids in {@link #peerIds}, to find a second connection of the same peer without a scan. */
  private final Set<PeerId> connectedIds = new HashSet<>();
  /**
   * Peers that left recently, by connection key: smart-ban can convict a peer only after a piece
   * it contributed to is re-downloaded, by which time the liar has often disconnected.
   */
  private final Map<Integer, Departed> departed = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Integer, Departed> eldest) {
      return size() > MAX_DEPARTED;
    }
  };

  private static final int MAX_DEPARTED = 1024;

  private record Departed(InetSocketAddress address, byte[] peerId) {}

  /** Learns an address; returns false when it is banned or the list is full. */
  boolean learn(InetSocketAddress address) {
    if (isBanned(address, null) || known.size() >= MAX_KNOWN) {
      return false;
    }
    known.putIfAbsent(address, new Known());
    return true;
  }

  /** Addresses due for a dial now, up to {@code max}; they are marked as connecting. */
  List<InetSocketAddress> dueForDial(int max, long nowNanos) {
    List<InetSocketAddress> due = new ArrayList<>();
    for (Map.Entry<InetSocketAddress, Known> e : known.entrySet()) {
      if (due.size() >= max) {
        break;
      }
      Known k = e.getValue();
      if (!k.connected && !k.connecting && nowNanos >= k.nextAttemptNanos && !isBanned(e.getKey(), null)) {
        k.connecting = true;
        due.add(e.getKey());
      }
    }
    return due;
  }

  /**
   * A handshake completed with {@code peerId}. Returns false when that peer is banned or already
   * connected through another connection, and this one must close.
   */
  boolean connected(int key, InetSocketAddress address, byte[] peerId) {
    if (isBanned(address, peerId) || !connectedIds.add(PeerId.of(peerId))) {
      return false;
    }
    peerIds.put(key, peerId);
    Known k = known.get(address);
    if (k != null) {
      k.connected = true;
      k.connecting = false;
      k.failures = 0;
    }
    return true;
  }

  /** A connection ended (or a dial failed); the address becomes due again after a back-off. */
  void disconnected(int key, InetSocketAddress address, long nowNanos) {
    byte[] peerId = peerIds.remove(key);
    if (peerId != null) {
      connectedIds.remove(PeerId.of(peerId));
    }
    departed.put(key, new Departed(address, peerId));
    Known k = known.get(address);
    if (k != null) {
      k.connected = false;
      k.connecting = false;
      k.failures = Math.min(k.failures + 1, 6);
      k.nextAttemptNanos = nowNanos + (BASE_RETRY_NANOS << (k.failures - 1));
    }
  }

  /**
   * Bans the peer behind connection {@code key}: its address ({@code address}, or the one it had
   * when it left if it already disconnected) and its peer id.
   */
  void ban(int key, InetSocketAddress address) {
    Departed gone = departed.get(key);
    InetSocketAddress target = address != null ? address : gone == null ? null : gone.address();
    byte[] id = peerIds.containsKey(key) ? peerIds.get(key) : gone == null ? null : gone.peerId();
    if (target != null) {
      banned.add(banKey(target));
      known.remove(target);
    }
    if (id != null) {
      banned.add("id:" + Arrays.toString(id));
    }
  }

  boolean isBanned(InetSocketAddress address, byte[] peerId) {
    return banned.contains(banKey(address)) || (peerId != null && banned.contains("id:" + Arrays.toString(peerId)));
  }

  int bannedCount() {
    return (int) banned.stream().filter(b -> !b.startsWith("id:")).count();
  }

  private static String banKey(InetSocketAddress address) {
    InetAddress ip = address.getAddress();
    if (ip == null) {
      return address.getHostString() + ":" + address.getPort();
    }
    return ip.isLoopbackAddress() ? ip.getHostAddress() + ":" + address.getPort() : ip.getHostAddress();
  }
}
