package io.seedfleet.engine.wire.extension;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * A BEP 11 ut_pex message: peers the sender connected to and disconnected from since its last one.
 *
 * @param added at most {@link UtPex#MAX_PEERS_PER_LIST} per address family
 * @param dropped at most {@link UtPex#MAX_PEERS_PER_LIST} per address family
 * @see <a href="https://www.bittorrent.org/beps/bep_0011.html">BEP 11</a>
 */
public record PexMessage(List<PexPeer> added, List<InetSocketAddress> dropped) {
  public PexMessage {
    added = List.copyOf(added);
    dropped = List.copyOf(dropped);
  }

  public boolean isEmpty() {
    return added.isEmpty() && dropped.isEmpty();
  }
}
