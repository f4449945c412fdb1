package io.seedfleet.engine.dht;

import io.seedfleet.engine.bencode.BBytes;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * One iterative lookup (find_node or get_peers) as a state machine without I/O: the caller asks
 * {@link #nextQueries} whom to query, sends the queries, and feeds back {@link #onResponse} or
 * {@link #onFailure} (a timeout is a failure the caller detects with its own clock). At most
 * {@link #ALPHA} queries are in flight; the lookup is done when the {@link RoutingTable#K} closest
 * live candidates have all answered, or no candidate is left to ask.
 *
 * <p>Bounds against hostile answers: at most {@link #MAX_NEW_PER_RESPONSE} new candidates are taken
 * from one response, at most {@link #MAX_CANDIDATES} are kept (the farthest are forgotten), one
 * candidate per address, and at most {@link #MAX_QUERIES} queries are sent in all.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0005.html">BEP 5</a>
 */
public final class Lookup {
  public static final int ALPHA = 3;
  public static final int MAX_NEW_PER_RESPONSE = 8;
  public static final int MAX_CANDIDATES = 100;
  public static final int MAX_QUERIES = 200;

  private enum Status { FRESH, QUERYING, ANSWERED, FAILED }

  private static final class Candidate {
    final Contact contact;
    Status status = Status.FRESH;
    BBytes token;

    Candidate(Contact contact) {
      this.contact = contact;
    }
  }

  /** A node that answered get_peers with a token, so it accepts our announce_peer. */
  public record TokenHolder(Contact contact, BBytes token) {}

  private final NodeId target;
  /** Candidates keyed by XOR distance to the target, closest first. */
  private final TreeMap<NodeId, Candidate> candidates = new TreeMap<>();
  private final Set<InetSocketAddress> addresses = new HashSet<>();
  private int inFlight;
  private int queriesSent;

  public Lookup(NodeId target, List<Contact> seeds) {
    this.target = target;
    for (Contact c : seeds) {
      add(c);
    }
  }

  public NodeId target() {
    return target;
  }

  /** Contacts to query now; each is marked in flight. */
  public List<Contact> nextQueries() {
    List<Contact> next = new ArrayList<>();
    int rank = 0;
    for (Candidate c : candidates.values()) {
      if (inFlight >= ALPHA || queriesSent >= MAX_QUERIES) {
        break;
      }
      if (c.status == Status.FAILED) {
        continue;
      }
      if (rank++ >= RoutingTable.K) {
        break;
      }
      if (c.status == Status.FRESH) {
        c.status = Status.QUERYING;
        inFlight++;
        queriesSent++;
        next.add(c.contact);
      }
    }
    return next;
  }

  /**
   * {@code from} answered; {@code nodes} are the closer nodes it named, {@code token} its token
   * (null if none). Answers from a node we did not query are ignored.
   */
  public void onResponse(Contact from, List<Contact> nodes, BBytes token) {
    Candidate c = candidates.get(from.id().xor(target));
    if (c == null || c.status != Status.QUERYING || !c.contact.address().equals(from.address())) {
      return;
    }
    c.status = Status.ANSWERED;
    c.token = token;
    inFlight--;
    int added = 0;
    for (Contact n : nodes) {
      if (added >= MAX_NEW_PER_RESPONSE) {
        break;
      }
      if (add(n)) {
        added++;
      }
    }
  }

  /**
   * The caller queried {@code count} nodes known only by address (bootstrap nodes); each ends with
   * {@link #onAddressResponse} or {@link #onAddressFailure}.
   */
  public void addressQueriesSent(int count) {
    inFlight += count;
    queriesSent += count;
  }

  /** A node queried by address answered; it joins the candidates as answered. */
  public void onAddressResponse(Contact from, List<Contact> nodes, BBytes token) {
    inFlight--;
    NodeId distance = from.id().xor(target);
    if (!candidates.containsKey(distance) && add(from)) {
      candidates.get(distance).status = Status.QUERYING;
      inFlight++;
    }
    onResponse(from, nodes, token);
  }

  public void onAddressFailure() {
    inFlight--;
  }

  /** The query to {@code id} failed or timed out. */
  public void onFailure(NodeId id) {
    Candidate c = candidates.get(id.xor(target));
    if (c != null && c.status == Status.QUERYING) {
      c.status = Status.FAILED;
      inFlight--;
    }
  }

  /** True when the K closest live candidates have answered, or nothing more can be asked. */
  public boolean isDone() {
    if (inFlight > 0) {
      return false;
    }
    if (queriesSent >= MAX_QUERIES) {
      return true;
    }
    int rank = 0;
    for (Candidate c : candidates.values()) {
      if (c.status == Status.FAILED) {
        continue;
      }
      if (rank++ >= RoutingTable.K) {
        break;
      }
      if (c.status != Status.ANSWERED) {
        return false;
      }
    }
    return true;
  }

  public int inFlight() {
    return inFlight;
  }

  /** The closest answering nodes that gave a token, at most {@code count}, closest first. */
  public List<TokenHolder> closestWithTokens(int count) {
    List<TokenHolder> holders = new ArrayList<>();
    for (Candidate c : candidates.values()) {
      if (holders.size() >= count) {
        break;
      }
      if (c.status == Status.ANSWERED && c.token != null) {
        holders.add(new TokenHolder(c.contact, c.token));
      }
    }
    return holders;
  }

  /** The closest nodes that answered, at most {@code count}. */
  public List<Contact> closestAnswered(int count) {
    return candidates.values().stream()
        .filter(c -> c.status == Status.ANSWERED)
        .limit(count)
        .map(c -> c.contact)
        .toList();
  }

  private boolean add(Contact contact) {
    NodeId distance = contact.id().xor(target);
    if (candidates.containsKey(distance) || addresses.contains(contact.address())) {
      return false;
    }
    if (candidates.size() >= MAX_CANDIDATES) {
      NodeId farthest = candidates.lastKey();
      if (distance.compareTo(farthest) >= 0 || candidates.get(farthest).status == Status.QUERYING) {
        return false;
      }
      addresses.remove(candidates.remove(farthest).contact.address());
    }
    candidates.put(distance, new Candidate(contact));
    addresses.add(contact.address());
    return true;
  }
}
