package io.seedfleet.engine.peer;

import io.seedfleet.engine.picker.BlockRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Our outstanding requests to one peer, and how many to keep in flight. The depth follows the
 * link: enough blocks to cover {@link #QUEUE_SECONDS} of the measured download rate, so a fast
 * loopback peer gets hundreds of requests and a slow one a handful, capped by the peer's advertised
 * {@code reqq}. Pure bookkeeping; the connection actor owns it, and the network loop may ask
 * {@link #isOutstanding} from its own thread (to land requested blocks in place).
 */
final class RequestPipeline {
  static final int MIN_DEPTH = 16;
  static final int MAX_DEPTH = 1500;
  private static final double QUEUE_SECONDS = 1.0;

  /** Insertion-ordered so the oldest request is first (for timeouts). */
  private final LinkedHashMap<Long, BlockRequest> outstanding = new LinkedHashMap<>();
  /** The keys of {@code outstanding}, readable from any thread. */
  private final Set<Long> outstandingKeys = ConcurrentHashMap.newKeySet();
  private int peerLimit = 250; // libtorrent's default reqq until the extended handshake says more
  private int depth = 64;
  /** We asked the picker for work and wait for its answer. */
  private boolean pickPending;

  static long key(int piece, int begin) {
    return ((long) piece << 32) | (begin & 0xffffffffL);
  }

  void add(BlockRequest request) {
    long key = key(request.piece(), request.begin());
    outstandingKeys.add(key); // before the request can be sent, so its answer finds it
    outstanding.put(key, request);
  }

  /** Thread-safe: whether the block is requested and not yet answered, rejected or given up. */
  boolean isOutstanding(int piece, int begin) {
    return outstandingKeys.contains(key(piece, begin));
  }

  /** Removes and returns the request matching a received block, or null when we never asked. */
  BlockRequest complete(int piece, int begin, int length) {
    BlockRequest request = outstanding.get(key(piece, begin));
    if (request == null || request.length() != length) {
      return null;
    }
    outstanding.remove(key(piece, begin));
    outstandingKeys.remove(key(piece, begin));
    return request;
  }

  BlockRequest remove(int piece, int begin) {
    outstandingKeys.remove(key(piece, begin));
    return outstanding.remove(key(piece, begin));
  }

  List<BlockRequest> clear() {
    List<BlockRequest> all = new ArrayList<>(outstanding.values());
    outstanding.clear();
    outstandingKeys.clear();
    return all;
  }

  int size() {
    return outstanding.size();
  }

  boolean isEmpty() {
    return outstanding.isEmpty();
  }

  /** How many more requests to send now; asks in batches so the picker is consulted rarely. */
  int wanted() {
    int free = Math.min(depth, peerLimit) - outstanding.size();
    return free >= Math.max(1, Math.min(depth, peerLimit) / 4) ? free : 0;
  }

  /**
   * How many blocks to ask the picker for now, or 0; a pick is then pending until {@link #picked}.
   * A snubbed peer keeps one request in flight, like libtorrent: enough to notice it recover.
   */
  int toPick(boolean snubbed) {
    if (pickPending) {
      return 0;
    }
    int wanted = snubbed ? (isEmpty() ? 1 : 0) : wanted();
    pickPending = wanted > 0;
    return wanted;
  }

  /** The picker answered the pending pick. */
  void picked() {
    pickPending = false;
  }

  void setPeerLimit(int reqq) {
    peerLimit = Math.max(1, Math.min(reqq, MAX_DEPTH));
  }

  /** Re-sizes the depth from the download rate (bytes per second) measured over the last tick. */
  void adapt(long bytesPerSecond) {
    long blocks = (long) (bytesPerSecond * QUEUE_SECONDS / 16384);
    depth = (int) Math.max(MIN_DEPTH, Math.min(MAX_DEPTH, Math.max(blocks, depth / 2)));
  }

  int depth() {
    return depth;
  }
}
