package io.seedfleet.engine.net;

import io.seedfleet.engine.limit.BucketChain;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.LoggerFactory;

/**
 * One TCP connection driven by a {@link NetLoop}. Sending is thread-safe: the caller's thread
 * writes directly while the socket accepts bytes, and the loop takes over (OP_WRITE) only when the
 * kernel's buffer is full, so a busy connection costs no selector wake-up per message.
 */
public final class NetConnection {
  /** Above this many queued bytes the owner should stop producing (e.g. reading blocks from disk). */
  public static final int HIGH_WATER = 4 << 20;

  private static final int LOW_WATER = 1 << 20;
  /** Buffers per gathering write: a 1 MiB upload batch is 64 headers and 64 blocks. */
  private static final int MAX_GATHER = 128;

  private final NetLoop loop;
  private final SocketChannel channel;
  private final InetSocketAddress remote;
  private final ArrayDeque<ByteBuffer> outbound = new ArrayDeque<>();
  /**
   * Callbacks of {@link #send(List, Runnable)} in order, each due once its bytes are written; made
   * by the first such send (most connections never upload). Guarded by outbound.
   */
  private ArrayDeque<WhenWritten> whenWritten;
  /**
   * The array a gathering write takes, one per thread rather than per connection (128 references,
   * 528 bytes, times thousands of mostly idle connections). Only used under a connection's lock, and
   * cleared after each write, so it never keeps a buffer alive.
   */
  private static final ThreadLocal<ByteBuffer[]> GATHER = ThreadLocal.withInitial(() -> new ByteBuffer[MAX_GATHER]);
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile ConnectionListener listener;
  private volatile boolean readPaused;
  /** Tokens each read must take first; unlimited for connections nobody limits. */
  private volatile BucketChain readLimit = BucketChain.unlimited();
  /** Reading waits for download tokens; loop thread only, as are the two fields below. */
  boolean readThrottled;
  /** In the {@link ReadThrottle}'s queue. */
  boolean queuedForTokens;
  /** Tokens the throttle reserved for this connection's next read. */
  long prepaidReadTokens;
  private long queuedBytes; // guarded by outbound
  /** Bytes ever accepted by send, and ever written; guarded by outbound. */
  private long acceptedTotal;
  private long writtenTotal;
  private boolean waitingForWritable; // guarded by outbound: OP_WRITE is (being) registered
  private boolean aboveHighWater; // guarded by outbound
  SelectionKey key; // set by the loop once registered

  NetConnection(NetLoop loop, SocketChannel channel, InetSocketAddress remote, ConnectionListener listener) {
    this.loop = loop;
    this.channel = channel;
    this.remote = remote;
    this.listener = listener;
  }

  public InetSocketAddress remoteAddress() {
    return remote;
  }

  /**
   * Hands the connection to a new listener (e.g. from the handshake sniffer to a peer actor).
   * Pause reading first so no bytes reach the old listener afterwards.
   */
  public void setListener(ConnectionListener listener) {
    this.listener = listener;
  }

  ConnectionListener listener() {
    return listener;
  }

  SocketChannel channel() {
    return channel;
  }

  private record WhenWritten(long acceptedTotal, Runnable callback) {}

  /** Queues buffers to send in order; their contents must not change afterwards. */
  public void send(List<ByteBuffer> buffers) {
    send(buffers, null);
  }

  /**
   * Queues buffers to send in order, then calls {@code written} (when not null) exactly once: when
   * the kernel has taken all of them, or when the connection closes first. Until then the buffers
   * must not change; afterwards the caller may reuse them (e.g. return them to a pool). The call
   * happens on the thread that finished the write, maybe this one, so it must be short.
   */
  public void send(List<ByteBuffer> buffers, Runnable written) {
    List<Runnable> due;
    synchronized (outbound) {
      if (closed.get()) { // checked under the lock: closeOnLoop runs the queued callbacks under it
        runQuietly(written);
        return;
      }
      for (ByteBuffer buffer : buffers) {
        outbound.add(buffer);
        queuedBytes += buffer.remaining();
        acceptedTotal += buffer.remaining();
      }
      if (written != null) {
        if (whenWritten == null) {
          whenWritten = new ArrayDeque<>(4);
        }
        whenWritten.add(new WhenWritten(acceptedTotal, written));
      }
      if (waitingForWritable) {
        if (queuedBytes > HIGH_WATER) {
          aboveHighWater = true;
        }
        return;
      }
      try {
        drainLocked();
      } catch (IOException e) {
        loop.execute(() -> fail(e));
        return;
      }
      if (!outbound.isEmpty()) {
        waitingForWritable = true;
        loop.execute(this::enableWriteInterest);
      }
      due = dueCallbacksLocked();
    }
    due.forEach(NetConnection::runQuietly);
  }

  public void send(ByteBuffer buffer) {
    send(List.of(buffer));
  }

  /** Bytes accepted by {@link #send} that the kernel has not taken yet. */
  public long queuedBytes() {
    synchronized (outbound) {
      return queuedBytes;
    }
  }

  /** Stops delivering bytes until {@link #resumeReading}; takes effect on the loop's next turn. */
  public void pauseReading() {
    readPaused = true;
    loop.execute(this::updateInterest);
  }

  public void resumeReading() {
    readPaused = false;
    loop.execute(this::updateInterest);
  }

  /**
   * Resumes reading, unless {@code stillBusy} says otherwise when checked on the loop thread. The
   * listener pauses on the loop thread, so deciding there too means a resume cannot overtake a
   * later pause and leave the connection paused for good.
   */
  public void resumeReadingUnless(java.util.function.BooleanSupplier stillBusy) {
    loop.execute(() -> {
      if (!stillBusy.getAsBoolean()) {
        readPaused = false;
        updateInterest();
      }
    });
  }

  boolean readPaused() {
    return readPaused || readThrottled;
  }

  /**
   * Limits how fast this connection's bytes are read: each read first takes tokens from
   * {@code limit} (the node's and the torrent's download buckets), and reading pauses while there
   * are none, so TCP flow control slows the sender down.
   */
  public void setReadLimit(BucketChain limit) {
    this.readLimit = limit;
  }

  BucketChain readLimit() {
    return readLimit;
  }

  /** Closes the socket; the listener hears {@code onClosed(null)} on the loop. */
  public void close() {
    loop.execute(() -> closeOnLoop(null));
  }

  public boolean isClosed() {
    return closed.get();
  }

  // ---- loop-thread side ----

  void onWritableOnLoop() {
    boolean notify = false;
    List<Runnable> due;
    synchronized (outbound) {
      try {
        drainLocked();
      } catch (IOException e) {
        fail(e);
        return;
      }
      if (outbound.isEmpty()) {
        waitingForWritable = false;
      }
      if (aboveHighWater && queuedBytes < LOW_WATER) {
        aboveHighWater = false;
        notify = true;
      }
      due = dueCallbacksLocked();
    }
    due.forEach(NetConnection::runQuietly);
    updateInterest();
    if (notify) {
      listener.onWritable();
    }
  }

  private void enableWriteInterest() {
    updateInterest();
  }

  void updateInterest() {
    SelectionKey k = key;
    if (k == null || !k.isValid()) {
      return;
    }
    int ops = readPaused || readThrottled ? 0 : SelectionKey.OP_READ;
    synchronized (outbound) {
      if (waitingForWritable) {
        ops |= SelectionKey.OP_WRITE;
      }
    }
    k.interestOps(ops);
  }

  private void drainLocked() throws IOException {
    ByteBuffer[] gather = GATHER.get();
    while (!outbound.isEmpty()) {
      int n = 0;
      for (ByteBuffer b : outbound) {
        if (n == MAX_GATHER) {
          break;
        }
        gather[n++] = b;
      }
      long written;
      try {
        written = channel.write(gather, 0, n);
      } finally {
        java.util.Arrays.fill(gather, 0, n, null);
      }
      queuedBytes -= written;
      writtenTotal += written;
      while (!outbound.isEmpty() && !outbound.peekFirst().hasRemaining()) {
        outbound.pollFirst();
      }
      if (written == 0) {
        break;
      }
    }
    if (queuedBytes > HIGH_WATER) {
      aboveHighWater = true;
    }
  }

  /** Removes and returns the callbacks whose bytes are all written. */
  private List<Runnable> dueCallbacksLocked() {
    if (whenWritten == null || whenWritten.isEmpty() || whenWritten.peekFirst().acceptedTotal() > writtenTotal) {
      return List.of();
    }
    List<Runnable> due = new ArrayList<>(2);
    while (!whenWritten.isEmpty() && whenWritten.peekFirst().acceptedTotal() <= writtenTotal) {
      due.add(whenWritten.pollFirst().callback());
    }
    return due;
  }

  private static void runQuietly(Runnable callback) {
    if (callback == null) {
      return;
    }
    try {
      callback.run();
    } catch (RuntimeException e) {
      LoggerFactory.getLogger(NetConnection.class).error("send completion failed", e);
    }
  }

  void fail(Throwable cause) {
    closeOnLoop(cause);
  }

  void closeOnLoop(Throwable cause) {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (key != null) {
      key.cancel();
    }
    try {
      channel.close();
    } catch (IOException ignored) {
      // Closing is best effort; the listener learns of the close either way.
    }
    List<Runnable> abandoned = new ArrayList<>();
    synchronized (outbound) {
      outbound.clear();
      queuedBytes = 0;
      if (whenWritten != null) {
        whenWritten.forEach(w -> abandoned.add(w.callback()));
        whenWritten.clear();
      }
    }
    abandoned.forEach(NetConnection::runQuietly);
    readLimit.refund(prepaidReadTokens);
    prepaidReadTokens = 0;
    loop.connectionClosed();
    listener.onClosed(cause);
  }

  @Override
  public String toString() {
    return "NetConnection[" + remote + "]";
  }
}
