package io.seedfleet.engine.trackerd.server;

import io.seedfleet.engine.trackerd.RateLimiter;
import io.seedfleet.engine.trackerd.UdpTrackerHandler;
import io.seedfleet.engine.trackerd.UdpTrackerPackets;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the UDP tracker protocol (BEP 15) on one socket with one thread: receive, answer through
 * {@link UdpTrackerHandler}, send. Each source IP gets a token bucket; packets over it are dropped
 * unanswered. A handler bug costs that packet only, never the thread.
 */
public final class UdpTrackerServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(UdpTrackerServer.class);
  /** Per IP: a client needs 2 packets per announce; 20 a second is far above any honest need. */
  private static final double PACKETS_PER_SECOND = 20;
  private static final int BURST = 40;
  private static final int TRACKED_IPS = 65_536;

  private final DatagramChannel channel;
  private final UdpTrackerHandler handler;
  private final RateLimiter limiter;
  private final Thread thread;
  private final InetSocketAddress localAddress;

  private UdpTrackerServer(DatagramChannel channel, UdpTrackerHandler handler) throws IOException {
    this.channel = channel;
    this.handler = handler;
    this.limiter = new RateLimiter(PACKETS_PER_SECOND, BURST, TRACKED_IPS, System::nanoTime);
    this.localAddress = (InetSocketAddress) channel.getLocalAddress();
    this.thread = Thread.ofPlatform().daemon().name("udp-tracker-" + localAddress.getPort()).unstarted(this::serve);
  }

  /** Binds {@code address} (port 0 picks a free one) and starts serving. */
  public static UdpTrackerServer start(InetSocketAddress address, UdpTrackerHandler handler) throws IOException {
    DatagramChannel channel = DatagramChannel.open();
    try {
      channel.bind(address);
      UdpTrackerServer server = new UdpTrackerServer(channel, handler);
      server.thread.start();
      return server;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  public InetSocketAddress localAddress() {
    return localAddress;
  }

  private void serve() {
    ByteBuffer buffer = ByteBuffer.allocate(UdpTrackerPackets.MAX_PACKET + 1);
    while (channel.isOpen()) {
      try {
        buffer.clear();
        SocketAddress from = channel.receive(buffer);
        if (!(from instanceof InetSocketAddress client) || !limiter.tryAcquire(client.getAddress())) {
          continue;
        }
        byte[] reply = handler.handle(buffer.array(), buffer.position(), client);
        if (reply != null) {
          channel.send(ByteBuffer.wrap(reply), client);
        }
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException | RuntimeException e) {
        // One bad packet or an unreachable client (ICMP) must not stop the tracker.
        LOG.debug("udp tracker: packet dropped: {}", e.toString());
      }
    }
  }

  /** Stops serving: closes the socket (which ends a blocked receive) and waits for the thread. */
  @Override
  public void close() {
    try {
      channel.close();
      thread.join(Duration.ofSeconds(5));
    } catch (IOException e) {
      LOG.debug("udp tracker: close failed: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
