package io.seedfleet.cluster.catalogue;

import java.net.InetSocketAddress;

/**
 * A node that runs a replica: its cluster address (to drop it when the node leaves) and the
 * address its BitTorrent engine listens on. Stored in DData as {@code <cluster>|<host>:<port>}.
 */
public record Holder(String clusterAddress, InetSocketAddress btAddress) {

  public String encode() {
    return clusterAddress + "|" + btAddress.getHostString() + ":" + btAddress.getPort();
  }

  /** Parses an encoded holder; throws IllegalArgumentException for anything else. */
  public static Holder decode(String encoded) {
    int bar = encoded.lastIndexOf('|');
    int colon = encoded.lastIndexOf(':');
    if (bar <= 0 || colon < bar + 2 || encoded.length() > 512) {
      throw new IllegalArgumentException("not a holder: " + encoded);
    }
    try {
      int port = Integer.parseInt(encoded.substring(colon + 1));
      return new Holder(encoded.substring(0, bar),
          InetSocketAddress.createUnresolved(encoded.substring(bar + 1, colon), port));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a holder: " + encoded, e);
    }
  }

  /**
   * The holders among {@code encoded} whose node is in {@code liveNodes} (cluster addresses), skipping
   * entries that do not parse: the map is shared, so one bad entry must not hide the others.
   */
  public static java.util.List<Holder> live(java.util.Collection<String> encoded, java.util.Set<String> liveNodes) {
    java.util.List<Holder> result = new java.util.ArrayList<>();
    for (String e : encoded) {
      try {
        Holder h = decode(e);
        if (liveNodes.contains(h.clusterAddress())) {
          result.add(h);
        }
      } catch (IllegalArgumentException ignored) {
        // not ours to repair; the janitor removes entries of nodes that left
      }
    }
    result.sort(java.util.Comparator.comparing(Holder::encode));
    return result;
  }

  /** The BitTorrent address, resolved (the engine dials resolved addresses). */
  public InetSocketAddress resolvedBtAddress() {
    return new InetSocketAddress(btAddress.getHostString(), btAddress.getPort());
  }
}
