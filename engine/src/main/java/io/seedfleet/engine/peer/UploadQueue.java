package io.seedfleet.engine.peer;

import io.seedfleet.engine.wire.PeerMessage.Request;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Requests a peer made of us that are not yet read from disk. Bounded: beyond
 * {@link #MAX_QUEUED} the peer is flooding us (libtorrent's {@code max_allowed_in_request_queue}),
 * and the excess is dropped.
 */
final class UploadQueue {
  static final int MAX_QUEUED = 2000;

  private final ArrayDeque<Request> queue = new ArrayDeque<>();

  /** Returns false when the queue is full and the request was dropped. */
  boolean offer(Request request) {
    if (queue.size() >= MAX_QUEUED) {
      return false;
    }
    queue.add(request);
    return true;
  }

  void cancel(int piece, int begin, int length) {
    queue.removeIf(r -> r.piece() == piece && r.begin() == begin && r.length() == length);
  }

  List<Request> clear() {
    List<Request> all = new ArrayList<>(queue);
    queue.clear();
    return all;
  }

  /** Takes up to {@code maxBytes} worth of requests (at least one when any is queued). */
  List<Request> take(int maxBytes) {
    List<Request> batch = new ArrayList<>();
    int bytes = 0;
    while (!queue.isEmpty() && (batch.isEmpty() || bytes + queue.peekFirst().length() <= maxBytes)) {
      Request r = queue.pollFirst();
      bytes += r.length();
      batch.add(r);
    }
    return batch;
  }

  /** The length of the request {@link #take} would return first; the queue must not be empty. */
  int nextLength() {
    return queue.peekFirst().length();
  }

  boolean isEmpty() {
    return queue.isEmpty();
  }

  int size() {
    return queue.size();
  }
}
