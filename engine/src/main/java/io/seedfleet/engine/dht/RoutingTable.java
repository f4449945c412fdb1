package io.seedfleet.engine.dht;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The BEP 5 routing table: k-buckets of at most {@link #K} nodes. Bucket {@code i} holds the nodes
 * whose id shares exactly {@code i} leading bits with ours; the last bucket holds everything
 * closer. Only the last bucket (the one our own id falls in) splits when full, so the table knows
 * many nodes near us and a few far away. A full bucket keeps newcomers in a replacement cache and
 * swaps one in when a member goes bad. Time is given by the caller, in milliseconds.
 *
 * <p>Node states follow BEP 5: <em>good</em> answered one of our queries within 15 minutes and has
 * not failed since; <em>bad</em> failed {@link #MAX_FAILURES} queries in a row; otherwise
 * <em>questionable</em>.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0005.html">BEP 5</a>
 */
public final class RoutingTable {
  public static final int K = 8;
  public static final int MAX_FAILURES = 2;
  public static final long GOOD_FOR_MILLIS = 15 * 60_000L;
  public static final long REFRESH_AFTER_MILLIS = 15 * 60_000L;

  public enum State { GOOD, QUESTIONABLE, BAD }

  /** A node in the table: mutable bookkeeping owned by the table. */
  public static final class Entry {
    private final Contact contact;
    private long lastResponse = Long.MIN_VALUE;
    private long lastSeen;
    private int failures;

    private Entry(Contact contact, long now) {
      this.contact = contact;
      this.lastSeen = now;
    }

    public Contact contact() {
      return contact;
    }

    public State state(long now) {
      if (failures >= MAX_FAILURES) {
        return State.BAD;
      }
      return lastResponse != Long.MIN_VALUE && now - lastResponse <= GOOD_FOR_MILLIS && failures == 0
          ? State.GOOD : State.QUESTIONABLE;
    }

    public long lastSeen() {
      return lastSeen;
    }
  }

  private static final class Bucket {
    final List<Entry> nodes = new ArrayList<>(K);
    final List<Entry> replacements = new ArrayList<>(K);
    long lastChanged;
  }

  private final NodeId own;
  private final List<Bucket> buckets = new ArrayList<>();

  public RoutingTable(NodeId own, long now) {
    this.own = own;
    Bucket first = new Bucket();
    first.lastChanged = now;
    buckets.add(first);
  }

  public NodeId ownId() {
    return own;
  }

  /**
   * Records that {@code contact} answered a query of ours ({@code responded}) or sent us one.
   * Returns false when there was no room and the node went to the replacement cache (or nowhere).
   */
  public boolean heardFrom(Contact contact, boolean responded, long now) {
    if (contact.id().equals(own)) {
      return false;
    }
    Bucket bucket = bucketFor(contact.id());
    Entry existing = find(bucket.nodes, contact.id());
    if (existing != null) {
      if (!existing.contact.address().equals(contact.address())) {
        return false; // an id moving address is how routing tables get poisoned; keep the old one
      }
      touch(existing, responded, now);
      bucket.lastChanged = now;
      return true;
    }
    if (containsAddress(contact.address())) {
      return false; // one entry per address: a single host must not fill buckets with ids
    }
    Entry entry = new Entry(contact, now);
    touch(entry, responded, now);
    while (true) {
      if (bucket.nodes.size() < K) {
        bucket.nodes.add(entry);
        bucket.replacements.removeIf(e -> e.contact.id().equals(contact.id()));
        bucket.lastChanged = now;
        return true;
      }
      Optional<Entry> bad = bucket.nodes.stream().filter(e -> e.state(now) == State.BAD).findFirst();
      if (bad.isPresent()) {
        bucket.nodes.remove(bad.get());
        continue;
      }
      if (bucket == buckets.get(buckets.size() - 1) && buckets.size() < NodeId.BITS) {
        split();
        bucket = bucketFor(contact.id());
        continue;
      }
      if (responded) {
        bucket.replacements.removeIf(e -> e.contact.id().equals(contact.id()));
        if (bucket.replacements.size() >= K) {
          bucket.replacements.remove(0);
        }
        bucket.replacements.add(entry);
      }
      return false;
    }
  }

  private static void touch(Entry entry, boolean responded, long now) {
    entry.lastSeen = now;
    if (responded) {
      entry.lastResponse = now;
      entry.failures = 0;
    }
  }

  /** A query to {@code id} timed out; a node that goes bad is replaced from the cache. */
  public void failed(NodeId id, long now) {
    Bucket bucket = bucketFor(id);
    Entry entry = find(bucket.nodes, id);
    if (entry == null) {
      bucket.replacements.removeIf(e -> e.contact.id().equals(id));
      return;
    }
    entry.failures++;
    if (entry.state(now) == State.BAD && !bucket.replacements.isEmpty()) {
      bucket.nodes.remove(entry);
      bucket.nodes.add(bucket.replacements.remove(bucket.replacements.size() - 1));
    }
  }

  /** Removes a node, e.g. one that failed a BEP 42 check. */
  public void remove(NodeId id) {
    bucketFor(id).nodes.removeIf(e -> e.contact.id().equals(id));
  }

  /** The {@code count} non-bad nodes closest to {@code target}, closest first. */
  public List<Contact> closest(NodeId target, int count, long now) {
    return all().stream()
        .filter(e -> e.state(now) != State.BAD)
        .map(Entry::contact)
        .sorted(Comparator.comparing(Contact::id, target::compareDistance))
        .limit(count)
        .toList();
  }

  /** Every node in the buckets (not the replacement caches). */
  public List<Entry> all() {
    List<Entry> all = new ArrayList<>();
    for (Bucket b : buckets) {
      all.addAll(b.nodes);
    }
    return all;
  }

  public int size() {
    int n = 0;
    for (Bucket b : buckets) {
      n += b.nodes.size();
    }
    return n;
  }

  public int bucketCount() {
    return buckets.size();
  }

  public List<Contact> goodNodes(long now) {
    return all().stream().filter(e -> e.state(now) == State.GOOD).map(Entry::contact).toList();
  }

  /** Nodes not heard from for {@link #GOOD_FOR_MILLIS}: ping them to learn whether they live. */
  public List<Contact> questionable(long now) {
    return all().stream()
        .filter(e -> e.state(now) != State.GOOD && now - e.lastSeen > GOOD_FOR_MILLIS)
        .map(Entry::contact)
        .toList();
  }

  /**
   * Random lookup targets, one for each bucket unchanged for {@link #REFRESH_AFTER_MILLIS}; the
   * buckets count as refreshed from now on.
   */
  public List<NodeId> refreshTargets(long now, RandomGenerator random) {
    List<NodeId> targets = new ArrayList<>();
    for (int i = 0; i < buckets.size(); i++) {
      Bucket b = buckets.get(i);
      if (now - b.lastChanged >= REFRESH_AFTER_MILLIS) {
        boolean last = i == buckets.size() - 1;
        targets.add(last ? own.randomWithPrefix(NodeId.BITS, random) : own.randomWithPrefix(i, random));
        b.lastChanged = now;
      }
    }
    return targets;
  }

  private void split() {
    int depth = buckets.size() - 1;
    Bucket old = buckets.get(depth);
    Bucket next = new Bucket();
    next.lastChanged = old.lastChanged;
    buckets.add(next);
    moveDeeper(old.nodes, next.nodes, depth);
    moveDeeper(old.replacements, next.replacements, depth);
  }

  private void moveDeeper(List<Entry> from, List<Entry> to, int depth) {
    from.removeIf(e -> {
      if (own.commonPrefixBits(e.contact.id()) > depth) {
        to.add(e);
        return true;
      }
      return false;
    });
  }

  private Bucket bucketFor(NodeId id) {
    return buckets.get(Math.min(own.commonPrefixBits(id), buckets.size() - 1));
  }

  private boolean containsAddress(InetSocketAddress address) {
    for (Bucket b : buckets) {
      for (Entry e : b.nodes) {
        if (e.contact.address().equals(address)) {
          return true;
        }
      }
    }
    return false;
  }

  private static Entry find(List<Entry> entries, NodeId id) {
    for (Entry e : entries) {
      if (e.contact.id().equals(id)) {
        return e;
      }
    }
    return null;
  }
}
