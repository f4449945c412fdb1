package io.seedfleet.engine.torrent;

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
    if (isBanned(address, peerId)) {
      return false;
    }
    for (byte[] existing : peerIds.values()) {
      if (Arrays.equals(existing, peerId)) {
        return false;
      }
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
    peerIds.remove(key);
    Known k = known.get(address);
    if (k != null) {
      k.connected = false;
      k.connecting = false;
      k.failures = Math.min(k.failures + 1, 6);
      k.nextAttemptNanos = nowNanos + (BASE_RETRY_NANOS << (k.failures - 1));
    }
  }

  void ban(int key, InetSocketAddress address) {
    banned.add(banKey(address));
    byte[] id = peerIds.get(key);
    if (id != null) {
      banned.add("id:" + Arrays.toString(id));
    }
    known.remove(address);
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
