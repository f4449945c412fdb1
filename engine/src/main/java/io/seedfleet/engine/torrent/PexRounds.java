package io.seedfleet.engine.torrent;

import io.seedfleet.engine.wire.extension.PexMessage;
import io.seedfleet.engine.wire.extension.PexPeer;
import io.seedfleet.engine.wire.extension.UtPex;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The torrent's BEP 11 bookkeeping: which connected peers can be reached at which listen address,
 * which peers take ut_pex, and what each of them was last told. Each gets at most one message a
 * minute with the peers added and dropped since its previous one; the first lists the current
 * peers. A plain class owned by the torrent actor.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0011.html">BEP 11</a>
 */
final class PexRounds {
  static final long INTERVAL_NANOS = 60_000_000_000L;
  /** A new peer waits this long for its first message, so it sees a settled list. */
  static final long FIRST_DELAY_NANOS = 3_000_000_000L;

  private static final class Receiver {
    final long joinedNanos;
    long lastSentNanos;
    boolean sentOnce;
    final Set<InetSocketAddress> told = new HashSet<>();

    Receiver(long joinedNanos) {
      this.joinedNanos = joinedNanos;
    }
  }

  /** Connected peers' listen addresses: dialed addresses, or the remote IP with its {@code p}. */
  private final Map<Integer, InetSocketAddress> listenAddresses = new LinkedHashMap<>();
  /** Peers we dialed: certainly reachable, which BEP 11 flags with 0x10. */
  private final Set<Integer> dialed = new HashSet<>();
  private final Map<Integer, Receiver> receivers = new HashMap<>();

  void connected(int key, InetSocketAddress listenAddress, boolean weDialed) {
    if (listenAddress != null && listenAddress.getAddress() != null) {
      listenAddresses.put(key, listenAddress);
    }
    if (weDialed) {
      dialed.add(key);
    }
  }

  void acceptsPex(int key, long nowNanos) {
    receivers.putIfAbsent(key, new Receiver(nowNanos));
  }

  void disconnected(int key) {
    listenAddresses.remove(key);
    dialed.remove(key);
    receivers.remove(key);
  }

  /** The messages due now, by receiver key; each receiver's state is updated as if sent. */
  Map<Integer, PexMessage> due(long nowNanos) {
    Map<Integer, PexMessage> out = new HashMap<>();
    for (Map.Entry<Integer, Receiver> entry : receivers.entrySet()) {
      Receiver receiver = entry.getValue();
      boolean due = receiver.sentOnce ? nowNanos - receiver.lastSentNanos >= INTERVAL_NANOS
          : nowNanos - receiver.joinedNanos >= FIRST_DELAY_NANOS;
      if (!due) {
        continue;
      }
      InetSocketAddress own = listenAddresses.get(entry.getKey());
      List<PexPeer> added = new ArrayList<>();
      Set<InetSocketAddress> current = new HashSet<>();
      for (Map.Entry<Integer, InetSocketAddress> peer : listenAddresses.entrySet()) {
        InetSocketAddress address = peer.getValue();
        if (peer.getKey().equals(entry.getKey()) || address.equals(own)) {
          continue;
        }
        current.add(address);
        if (!receiver.told.contains(address) && added.size() < UtPex.MAX_PEERS_PER_LIST) {
          added.add(new PexPeer(address, dialed.contains(peer.getKey()) ? PexPeer.REACHABLE : 0));
        }
      }
      List<InetSocketAddress> dropped = receiver.told.stream().filter(a -> !current.contains(a))
          .limit(UtPex.MAX_PEERS_PER_LIST).toList();
      if (added.isEmpty() && dropped.isEmpty()) {
        continue; // nothing new: keep the clock so a change goes out at once when due
      }
      added.forEach(p -> receiver.told.add(p.address()));
      dropped.forEach(receiver.told::remove);
      receiver.sentOnce = true;
      receiver.lastSentNanos = nowNanos;
      out.put(entry.getKey(), new PexMessage(added, dropped));
    }
    return out;
  }
}
