package io.seedfleet.engine.net;

import io.seedfleet.engine.limit.BucketChain;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A selector thread that owns sockets and moves bytes. It reads into one large direct buffer and
 * hands it to each connection's listener, which parses frames in place: the byte path never crosses
 * an actor mailbox per 16 KiB block (see docs/adr/0002-transport.md for the measurements).
 */
public final class NetLoop implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NetLoop.class);
  private static final int READ_BUFFER = 1 << 20;
  private static final int SOCKET_BUFFER = 4 << 20;

  private final Selector selector;
  private final Thread thread;
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER);
  private final AtomicInteger openConnections = new AtomicInteger();
  /** Tasks due later, touched by the loop thread only. */
  private final PriorityQueue<Delayed> delayed = new PriorityQueue<>(Comparator.comparingLong(Delayed::dueNanos));
  private volatile boolean running = true;
  private final ReadThrottle readThrottle = new ReadThrottle((due, task) -> delayed.add(new Delayed(due, task)));

  private record Delayed(long dueNanos, Runnable task) {}

  /** After accept() fails (e.g. EMFILE: out of file descriptors) the listener rests this long. */
  private static final long ACCEPT_BACKOFF_NANOS = 1_000_000_000L;

  public NetLoop(String name) throws IOException {
    this.selector = Selector.open();
    this.thread = new Thread(this::run, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Connections currently open on this loop. */
  public int openConnections() {
    return openConnections.get();
  }

  /** Runs {@code task} on the loop thread. */
  public void execute(Runnable task) {
    tasks.add(task);
    if (Thread.currentThread() != thread) {
      selector.wakeup();
    }
  }

  /**
   * Listens on {@code address}; each accepted connection gets the listener {@code onAccept} makes
   * for it, or is closed at once when that returns null (e.g. over the connection limit).
   */
  public Listening listen(InetSocketAddress address, Function<NetConnection, ConnectionListener> onAccept)
      throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open();
    server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
    server.bind(address, 512);
    server.configureBlocking(false);
    InetSocketAddress bound = (InetSocketAddress) server.getLocalAddress();
    execute(() -> {
      try {
        server.register(selector, SelectionKey.OP_ACCEPT, (Runnable) () -> acceptAll(server, onAccept));
      } catch (IOException e) {
        log.error("cannot listen on {}", bound, e);
      }
    });
    return new Listening(bound, () -> execute(() -> closeQuietly(server)));
  }

  /** A bound listening socket. */
  public record Listening(InetSocketAddress address, Runnable closer) implements AutoCloseable {
    @Override
    public void close() {
      closer.run();
    }
  }

  /**
   * Opens an outgoing connection. {@code onConnected} runs on the loop with the connection once
   * established and returns its listener; {@code onFailed} runs when the connect fails.
   */
  public void connect(
      InetSocketAddress remote,
      Function<NetConnection, ConnectionListener> onConnected,
      java.util.function.Consumer<IOException> onFailed) {
    execute(() -> {
      SocketChannel channel = null;
      try {
        channel = SocketChannel.open();
        configure(channel);
        SocketChannel ch = channel;
        if (channel.connect(remote)) {
          attach(ch, remote, onConnected);
        } else {
          channel.register(selector, SelectionKey.OP_CONNECT, (Runnable) () -> finishConnect(ch, remote, onConnected, onFailed));
        }
      } catch (IOException | RuntimeException e) { // e.g. UnresolvedAddressException
        closeQuietly(channel);
        onFailed.accept(e instanceof IOException io ? io : new IOException(e.toString(), e));
      }
    });
  }

  private void finishConnect(
      SocketChannel channel,
      InetSocketAddress remote,
      Function<NetConnection, ConnectionListener> onConnected,
      java.util.function.Consumer<IOException> onFailed) {
    try {
      channel.finishConnect();
      attach(channel, remote, onConnected);
    } catch (IOException e) {
      closeQuietly(channel);
      onFailed.accept(e);
    }
  }

  private void acceptAll(ServerSocketChannel server, Function<NetConnection, ConnectionListener> onAccept) {
    for (int i = 0; i < 64; i++) {
      SocketChannel channel;
      try {
        channel = server.accept();
      } catch (IOException e) {
        // The pending connection stays queued, so the selector would report it again at once and
        // spin: stop accepting for a moment instead (the usual cause is running out of descriptors).
        log.warn("accept failed, pausing the listener for 1 s: {}", e.toString());
        SelectionKey key = server.keyFor(selector);
        if (key != null && key.isValid()) {
          key.interestOps(0);
          delayed.add(new Delayed(System.nanoTime() + ACCEPT_BACKOFF_NANOS, () -> {
            if (key.isValid()) {
              key.interestOps(SelectionKey.OP_ACCEPT);
            }
          }));
        }
        return;
      }
      if (channel == null) {
        return;
      }
      try {
        configure(channel);
        attach(channel, (InetSocketAddress) channel.getRemoteAddress(), onAccept);
      } catch (IOException e) {
        closeQuietly(channel);
      }
    }
  }

  private void attach(SocketChannel channel, InetSocketAddress remote, Function<NetConnection, ConnectionListener> factory)
      throws IOException {
    NetConnection connection = new NetConnection(this, channel, remote, null);
    ConnectionListener listener = factory.apply(connection);
    if (listener == null) {
      closeQuietly(channel);
      return;
    }
    connection.setListener(listener);
    openConnections.incrementAndGet();
    SelectionKey existing = channel.keyFor(selector); // set when an outgoing connect completed
    if (existing != null) {
      existing.attach(connection);
      existing.interestOps(0);
      connection.key = existing;
    } else {
      connection.key = channel.register(selector, 0, connection);
    }
    connection.updateInterest();
  }

  void connectionClosed() {
    openConnections.decrementAndGet();
  }

  private static void configure(SocketChannel channel) throws IOException {
    channel.configureBlocking(false);
    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
    channel.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER);
    channel.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER);
  }

  private void run() {
    while (running) {
      try {
        selector.select(selectTimeoutMillis());
        Runnable task;
        while ((task = tasks.poll()) != null) {
          runSafely(task);
        }
        while (!delayed.isEmpty() && delayed.peek().dueNanos() - System.nanoTime() <= 0) {
          runSafely(delayed.poll().task());
        }
        for (SelectionKey key : selector.selectedKeys()) {
          if (!key.isValid()) {
            continue;
          }
          if (key.attachment() instanceof NetConnection connection) {
            service(key, connection);
          } else if (key.attachment() instanceof Runnable handler) {
            runSafely(handler);
          }
        }
        selector.selectedKeys().clear();
      } catch (ClosedSelectorException e) {
        return;
      } catch (IOException | RuntimeException e) {
        log.error("network loop error", e);
      }
    }
  }

  private long selectTimeoutMillis() {
    if (delayed.isEmpty()) {
      return 1000;
    }
    long millis = (delayed.peek().dueNanos() - System.nanoTime()) / 1_000_000;
    return Math.max(1, Math.min(1000, millis));
  }

  private void service(SelectionKey key, NetConnection connection) {
    try {
      if (key.isWritable()) {
        connection.onWritableOnLoop();
      }
      if (key.isValid() && key.isReadable() && !connection.readPaused()) {
        readFrom(connection);
      }
    } catch (java.nio.channels.CancelledKeyException e) {
      connection.closeOnLoop(null);
    } catch (RuntimeException e) {
      log.warn("listener of {} failed; closing it", connection, e);
      connection.fail(e);
    }
  }

  private void readFrom(NetConnection connection) {
    BucketChain limit = connection.readLimit();
    // Bounded per turn so one fast peer cannot starve the others on this loop.
    for (int round = 0; round < 4 && !connection.isClosed() && !connection.readPaused(); round++) {
      readBuffer.clear();
      long granted = 0;
      if (!limit.isUnlimited() || connection.prepaidReadTokens > 0) {
        granted = readThrottle.take(connection, readBuffer.capacity(), System.nanoTime());
        if (granted == 0) {
          return; // queued for tokens, read interest off
        }
        readBuffer.limit((int) Math.min(granted, readBuffer.capacity()));
      }
      int asked = readBuffer.remaining();
      int n;
      try {
        n = connection.channel().read(readBuffer);
      } catch (IOException e) {
        readThrottle.unused(connection, granted);
        connection.fail(e);
        return;
      }
      readThrottle.unused(connection, granted - Math.max(n, 0));
      if (n < 0) {
        connection.closeOnLoop(null);
        return;
      }
      if (n == 0) {
        return;
      }
      readBuffer.flip();
      connection.listener().onData(readBuffer);
      if (readBuffer.hasRemaining()) {
        throw new IllegalStateException("listener left " + readBuffer.remaining() + " bytes unread");
      }
      if (n < asked) {
        return;
      }
    }
  }

  private static void runSafely(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      log.error("network loop task failed", e);
    }
  }

  private static void closeQuietly(java.nio.channels.Channel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing useful to do when a close fails
    }
  }

  @Override
  public void close() {
    execute(() -> {
      for (SelectionKey key : selector.keys()) {
        if (key.attachment() instanceof NetConnection c) {
          c.closeOnLoop(null);
        } else {
          closeQuietly(key.channel());
        }
      }
      running = false;
    });
    try {
      thread.join(2000);
      selector.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException ignored) {
      // closing
    }
  }
}
