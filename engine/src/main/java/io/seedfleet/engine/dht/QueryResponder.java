package io.seedfleet.engine.dht;

import io.seedfleet.engine.dht.KrpcMessage.AnnouncePeer;
import io.seedfleet.engine.dht.KrpcMessage.Error;
import io.seedfleet.engine.dht.KrpcMessage.FindNode;
import io.seedfleet.engine.dht.KrpcMessage.GetPeers;
import io.seedfleet.engine.dht.KrpcMessage.Ping;
import io.seedfleet.engine.dht.KrpcMessage.Query;
import io.seedfleet.engine.dht.KrpcMessage.Response;
import io.seedfleet.engine.dht.KrpcMessage.UnknownQuery;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Answers incoming queries from the routing table, the token manager and the peer store. The
 * answer to get_peers carries at most {@link #MAX_VALUES} peers so that it fits one datagram.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0005.html">BEP 5</a>
 */
public final class QueryResponder {
  public static final int MAX_VALUES = 50;

  private final RoutingTable table;
  private final TokenManager tokens;
  private final PeerStore peers;
  private final RandomGenerator random;

  public QueryResponder(RoutingTable table, TokenManager tokens, PeerStore peers, RandomGenerator random) {
    this.table = table;
    this.tokens = tokens;
    this.peers = peers;
    this.random = random;
  }

  /** The answer to send back to {@code from}. */
  public KrpcMessage answer(Query query, InetSocketAddress from, long now) {
    NodeId own = table.ownId();
    return switch (query) {
      case Ping p -> withIp(Response.of(p.transactionId(), own), from);
      case FindNode f -> new Response(f.transactionId(), own, table.closest(f.target(), RoutingTable.K, now), List.of(),
          null, from);
      case GetPeers g -> new Response(g.transactionId(), own, table.closest(g.infoHash(), RoutingTable.K, now),
          peers.peers(g.infoHash(), MAX_VALUES, now, random), tokens.tokenFor(from.getAddress()), from);
      case AnnouncePeer a -> announce(a, from, now);
      case UnknownQuery u -> new Error(u.transactionId(), Error.METHOD_UNKNOWN, "Method Unknown");
    };
  }

  private KrpcMessage announce(AnnouncePeer a, InetSocketAddress from, long now) {
    if (!tokens.isValid(a.token(), from.getAddress())) {
      return new Error(a.transactionId(), Error.PROTOCOL, "invalid token");
    }
    int port = a.impliedPort() ? from.getPort() : a.port();
    if (!peers.announce(a.infoHash(), new InetSocketAddress(from.getAddress(), port), now)) {
      return new Error(a.transactionId(), Error.SERVER, "peer store full");
    }
    return withIp(Response.of(a.transactionId(), table.ownId()), from);
  }

  private static Response withIp(Response r, InetSocketAddress from) {
    return new Response(r.transactionId(), r.sender(), r.nodes(), r.values(), r.token(), from);
  }
}
