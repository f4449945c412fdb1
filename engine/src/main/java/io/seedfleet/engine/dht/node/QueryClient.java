package io.seedfleet.engine.dht.node;

import io.seedfleet.engine.bencode.BBytes;
import io.seedfleet.engine.dht.Contact;
import io.seedfleet.engine.dht.KrpcCodec;
import io.seedfleet.engine.dht.KrpcMessage;
import io.seedfleet.engine.dht.KrpcMessage.Query;
import io.seedfleet.engine.dht.KrpcMessage.Response;
import io.seedfleet.engine.dht.Lookup;
import io.seedfleet.engine.dht.NodeId;
import io.seedfleet.engine.dht.RoutingTable;
import io.seedfleet.engine.dht.TokenBucket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.apache.pekko.actor.typed.ActorRef;
import org.slf4j.Logger;

/**
 * Our side of KRPC for {@link DhtNode}: sends within the global packet rate, matches answers to
 * transactions, counts timeouts, and drives the lookups. Owned and called by the actor only.
 */
final class QueryClient {
  private static final long LOOKUP_MAX_MILLIS = 60_000;

  private final DatagramChannel channel;
  private final RoutingTable table;
  private final DhtConfig config;
  private final Logger log;
  /** Where nodes that answered go: the actor's routing-table admission (BEP 42 check). */
  private final BiConsumer<Contact, Long> answered;
  private final TokenBucket outgoing;
  private final Transactions transactions;
  private final Map<Integer, ActiveLookup> lookups = new HashMap<>();
  private int nextLookupId;
  long queriesOut;
  long responsesIn;
  long timeouts;
  long dropped;

  QueryClient(DatagramChannel channel, RoutingTable table, DhtConfig config, Logger log,
      BiConsumer<Contact, Long> answered, RandomGenerator random, long now) {
    this.channel = channel;
    this.table = table;
    this.config = config;
    this.log = log;
    this.answered = answered;
    this.outgoing = new TokenBucket(config.maxOutgoingPerSecond(), config.maxOutgoingPerSecond(), now);
    this.transactions = new Transactions(random);
  }

  int activeLookups() {
    return lookups.size();
  }

  long lookups(ActiveLookup.Purpose purpose) {
    return lookups.values().stream().filter(l -> l.purpose == purpose).count();
  }

  void ping(InetSocketAddress to, NodeId expectedId, long now) {
    sendQuery(Transactions.Kind.PING, to, expectedId, -1, now, tid -> new KrpcMessage.Ping(tid, table.ownId(), false));
  }

  void onResponse(Response r, InetSocketAddress from, long now) {
    Transactions.Pending p = transactions.close(r.transactionId(), from);
    if (p == null) {
      dropped++;
      return;
    }
    responsesIn++;
    if (p.expectedId() != null && !p.expectedId().equals(r.sender())) {
      failed(p, now); // a different node answers at that address now
      return;
    }
    Contact contact = new Contact(r.sender(), from);
    answered.accept(contact, now);
    ActiveLookup active = lookups.get(p.lookupId());
    if (p.kind() != Transactions.Kind.LOOKUP || active == null) {
      return;
    }
    if (p.expectedId() == null) {
      active.lookup.onAddressResponse(contact, r.nodes(), r.token());
    } else {
      active.lookup.onResponse(contact, r.nodes(), r.token());
    }
    if (active.replyTo != null && !r.values().isEmpty()) {
      List<InetSocketAddress> fresh = active.newPeers(r.values());
      if (!fresh.isEmpty()) {
        active.replyTo.tell(new DhtNode.PeersFound(active.infoHash.clone(), fresh, false));
      }
    }
    pump(p.lookupId(), now);
  }

  void onError(KrpcMessage.Error error, InetSocketAddress from, long now) {
    Transactions.Pending p = transactions.close(error.transactionId(), from);
    if (p != null) {
      failed(p, now);
    }
  }

  /** Expires unanswered queries and moves every lookup on. */
  void tick(long now) {
    for (Transactions.Pending p : transactions.expire(now - config.queryTimeout().toMillis())) {
      timeouts++;
      failed(p, now);
    }
    for (Integer id : List.copyOf(lookups.keySet())) {
      pump(id, now);
    }
  }

  private void failed(Transactions.Pending p, long now) {
    if (p.expectedId() != null) {
      table.failed(p.expectedId(), now);
    }
    ActiveLookup active = lookups.get(p.lookupId());
    if (p.kind() == Transactions.Kind.LOOKUP && active != null) {
      if (p.expectedId() == null) {
        active.lookup.onAddressFailure();
      } else {
        active.lookup.onFailure(p.expectedId());
      }
      pump(p.lookupId(), now);
    }
  }

  /**
   * Starts a lookup from the closest nodes we know; while we know fewer than K, the bootstrap
   * nodes are asked too, by address.
   */
  void startLookup(ActiveLookup.Purpose purpose, NodeId target, int port, ActorRef<DhtNode.PeersFound> replyTo,
      long now) {
    List<Contact> seeds = table.closest(target, RoutingTable.K, now);
    Lookup lookup = new Lookup(target, seeds);
    int id = nextLookupId++;
    lookups.put(id, new ActiveLookup(lookup, purpose, port, replyTo, now));
    if (seeds.size() < RoutingTable.K) {
      int sent = 0;
      for (InetSocketAddress router : config.bootstrap()) {
        if (seeds.stream().noneMatch(c -> c.address().equals(router))
            && sendQuery(Transactions.Kind.LOOKUP, router, null, id, now, queryFor(purpose, target))) {
          sent++;
        }
      }
      lookup.addressQueriesSent(sent);
    }
    pump(id, now);
  }

  /** Sends what the lookup wants sent; finishes it when it is done or too old. */
  private void pump(int id, long now) {
    ActiveLookup active = lookups.get(id);
    if (active == null) {
      return;
    }
    for (Contact c : active.lookup.nextQueries()) {
      if (!sendQuery(Transactions.Kind.LOOKUP, c.address(), c.id(), id, now,
          queryFor(active.purpose, active.lookup.target()))) {
        active.lookup.onFailure(c.id());
      }
    }
    if (active.lookup.isDone() || now - active.startedAt > LOOKUP_MAX_MILLIS) {
      finish(id, active, now);
    }
  }

  private void finish(int id, ActiveLookup active, long now) {
    lookups.remove(id);
    if (active.purpose == ActiveLookup.Purpose.ANNOUNCE) {
      NodeId infoHash = active.lookup.target();
      for (Lookup.TokenHolder holder : active.lookup.closestWithTokens(RoutingTable.K)) {
        sendQuery(Transactions.Kind.ANNOUNCE, holder.contact().address(), holder.contact().id(), -1, now,
            tid -> new KrpcMessage.AnnouncePeer(tid, table.ownId(), infoHash, active.port, holder.token(),
                active.port == 0, false));
      }
    }
    if (active.replyTo != null) {
      active.replyTo.tell(new DhtNode.PeersFound(active.infoHash.clone(), List.of(), true));
    }
  }

  private Function<BBytes, Query> queryFor(ActiveLookup.Purpose purpose, NodeId target) {
    NodeId own = table.ownId();
    return purpose == ActiveLookup.Purpose.REFRESH
        ? tid -> new KrpcMessage.FindNode(tid, own, target, false)
        : tid -> new KrpcMessage.GetPeers(tid, own, target, false);
  }

  private boolean sendQuery(Transactions.Kind kind, InetSocketAddress to, NodeId expectedId, int lookupId, long now,
      Function<BBytes, Query> query) {
    BBytes tid = transactions.open(new Transactions.Pending(kind, to, expectedId, lookupId, now));
    if (tid == null) {
      return false;
    }
    if (!send(query.apply(tid), to, now)) {
      transactions.cancel(tid);
      return false;
    }
    queriesOut++;
    return true;
  }

  /** Sends unless the global packet rate is used up (then the packet is dropped and counted). */
  boolean send(KrpcMessage message, InetSocketAddress to, long now) {
    if (!outgoing.tryTake(now)) {
      dropped++;
      return false;
    }
    try {
      channel.send(ByteBuffer.wrap(KrpcCodec.encode(message)), to);
      return true;
    } catch (IOException | RuntimeException e) {
      log.debug("DHT send to {} failed: {}", to, e.toString());
      return false;
    }
  }
}
