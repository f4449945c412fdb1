package io.seedfleet.engine.dht.node;

import io.seedfleet.engine.dht.IpRateLimiter;
import io.seedfleet.engine.dht.KrpcCodec;
import io.seedfleet.engine.dht.KrpcException;
import io.seedfleet.engine.dht.KrpcMessage;
import io.seedfleet.engine.dht.TokenBucket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads datagrams on its own thread, decodes them and hands good ones to the node actor. Drops
 * happen here, before the actor's mailbox: oversized packets, undecodable ones, anything over the
 * global inbound rate, and queries from an IP over its per-IP rate (which is then ignored for 300 s).
 * The limiters are touched by this thread only.
 */
final class UdpReceiver implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(UdpReceiver.class);

  private final DatagramChannel channel;
  private final BiConsumer<KrpcMessage, InetSocketAddress> sink;
  private final IpRateLimiter perIp = IpRateLimiter.defaults();
  private final TokenBucket global;
  final AtomicLong dropped = new AtomicLong();
  final AtomicLong received = new AtomicLong();

  UdpReceiver(DatagramChannel channel, int maxPerSecond, BiConsumer<KrpcMessage, InetSocketAddress> sink) {
    this.channel = channel;
    this.sink = sink;
    this.global = new TokenBucket(maxPerSecond, maxPerSecond, System.currentTimeMillis());
  }

  @Override
  public void run() {
    // One byte more than we accept, to tell "exactly the limit" from "larger".
    ByteBuffer buffer = ByteBuffer.allocate(KrpcCodec.MAX_PACKET + 1);
    while (channel.isOpen()) {
      buffer.clear();
      InetSocketAddress from;
      try {
        from = (InetSocketAddress) channel.receive(buffer);
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        LOG.debug("DHT receive failed: {}", e.toString());
        continue;
      }
      if (from == null) {
        continue;
      }
      received.incrementAndGet();
      long now = System.currentTimeMillis();
      if (buffer.position() > KrpcCodec.MAX_PACKET || !global.tryTake(now)) {
        dropped.incrementAndGet();
        continue;
      }
      KrpcMessage message;
      try {
        message = KrpcCodec.decode(buffer.array(), 0, buffer.position());
      } catch (KrpcException e) {
        dropped.incrementAndGet();
        LOG.trace("DHT packet from {} dropped: {}", from, e.getMessage());
        continue;
      }
      if (message instanceof KrpcMessage.Query && !perIp.allow(from.getAddress(), now)) {
        dropped.incrementAndGet();
        continue;
      }
      sink.accept(message, from);
    }
  }
}
