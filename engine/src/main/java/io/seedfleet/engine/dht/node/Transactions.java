package io.seedfleet.engine.dht.node;

import io.seedfleet.engine.bencode.BBytes;
import io.seedfleet.engine.dht.NodeId;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Our queries awaiting an answer, by transaction id. An answer counts only when it comes from the
 * address we queried, so a third party cannot answer for a node. Bounded by {@link #MAX_PENDING}.
 */
final class Transactions {
  static final int MAX_PENDING = 4096;

  enum Kind { LOOKUP, PING, ANNOUNCE }

  /** {@code expectedId} is null when we queried an address whose id we did not know. */
  record Pending(Kind kind, InetSocketAddress address, NodeId expectedId, int lookupId, long sentAt) {}

  private final Map<BBytes, Pending> pending = new HashMap<>();
  private int counter;

  Transactions(RandomGenerator random) {
    this.counter = random.nextInt(1 << 16);
  }

  /** A fresh 2-byte transaction id for {@code p}, or null when too many are pending. */
  BBytes open(Pending p) {
    if (pending.size() >= MAX_PENDING) {
      return null;
    }
    BBytes tid;
    do {
      counter = (counter + 1) & 0xFFFF;
      tid = BBytes.of(new byte[] {(byte) (counter >>> 8), (byte) counter});
    } while (pending.containsKey(tid));
    pending.put(tid, p);
    return tid;
  }

  /** The pending query answered by a packet from {@code from}, or null if none matches. */
  Pending close(BBytes tid, InetSocketAddress from) {
    Pending p = pending.get(tid);
    if (p == null || !p.address().equals(from)) {
      return null;
    }
    pending.remove(tid);
    return p;
  }

  void cancel(BBytes tid) {
    pending.remove(tid);
  }

  /** Removes and returns the queries sent at or before {@code deadline}. */
  List<Pending> expire(long deadline) {
    List<Pending> expired = new ArrayList<>();
    for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
      Pending p = it.next();
      if (p.sentAt() <= deadline) {
        expired.add(p);
        it.remove();
      }
    }
    return expired;
  }

  int size() {
    return pending.size();
  }
}
