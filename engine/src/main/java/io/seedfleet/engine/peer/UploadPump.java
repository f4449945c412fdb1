package io.seedfleet.engine.peer;

import io.seedfleet.engine.limit.BucketChain;
import io.seedfleet.engine.net.NetConnection;
import io.seedfleet.engine.wire.PeerMessage.Request;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The upload side of one connection: the peer's requests waiting to be served, the upload tokens
 * they need, and the bytes being read from disk but not yet queued on the socket. Each batch stays
 * within the tokens and the send-queue bound ({@link NetConnection#HIGH_WATER}). Pure bookkeeping;
 * the connection actor reads the batches from storage and reports them sent.
 */
final class UploadPump {
  private final UploadQueue queue = new UploadQueue();
  private final UploadTokens tokens;
  private long bytesInFlight;
  private long droppedRequests;

  UploadPump(BucketChain uploadLimit) {
    this.tokens = new UploadTokens(uploadLimit);
  }

  /**
   * Queues a request of the peer's, or returns false when it must be rejected: we choke the peer,
   * lack the piece, or the peer floods us.
   */
  boolean admit(Request request, boolean choking, BitSet ourPieces) {
    if (choking || !ourPieces.get(request.piece())) {
      return false;
    }
    if (!queue.offer(request)) {
      droppedRequests++;
      return false;
    }
    return true;
  }

  /** Requests dropped because the peer flooded us. */
  long droppedRequests() {
    return droppedRequests;
  }

  void cancel(int piece, int begin, int length) {
    queue.cancel(piece, begin, length);
  }

  /** Drops every waiting request and returns them (to reject them, when choking). */
  List<Request> clear() {
    return queue.clear();
  }

  /** The wake-up {@link #nextBatch} asked for has come: tokens may be back. */
  void tokensDue() {
    tokens.wokeUp();
  }

  /**
   * The next batch to read from disk and send, or an empty list when nothing may go now: no
   * request waits, the socket's queue ({@code socketQueuedBytes}) is full, or tokens ran out, in
   * which case {@code wakeAfter} is called once with the time until they are back.
   */
  List<Request> nextBatch(LongSupplier socketQueuedBytes, Consumer<Duration> wakeAfter) {
    if (queue.isEmpty() || socketQueuedBytes.getAsLong() + bytesInFlight >= NetConnection.HIGH_WATER) {
      return List.of();
    }
    long granted = tokens.take(queue.nextLength(), wakeAfter);
    if (granted == 0) {
      return List.of();
    }
    List<Request> batch = queue.take((int) granted);
    long bytes = bytes(batch);
    if (granted > bytes) {
      tokens.unused(granted - bytes);
    }
    bytesInFlight += bytes;
    return batch;
  }

  /** A batch of {@code bytes} is now on the socket's queue. */
  void sent(long bytes) {
    bytesInFlight -= bytes;
  }

  static long bytes(List<Request> batch) {
    return batch.stream().mapToLong(Request::length).sum();
  }
}
