package io.seedfleet.engine.discovery;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IPv4 multicast socket of Local Service Discovery: joined to the group on every usable
 * interface (loopback included: Linux delivers multicast on it although it does not advertise the
 * capability), read by one daemon thread, written by the discovery actor only.
 */
final class LsdSocket implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LsdSocket.class);
  private static final int RECEIVE_BUFFER = 2048;

  private final InetSocketAddress group;
  private final DatagramChannel channel;
  private final List<NetworkInterface> joined;
  private final Thread reader;

  private LsdSocket(InetSocketAddress group, DatagramChannel channel, List<NetworkInterface> joined,
      BiConsumer<byte[], InetSocketAddress> onPacket) {
    this.group = group;
    this.channel = channel;
    this.joined = joined;
    this.reader = Thread.ofPlatform().daemon().name("seedfleet-lsd").unstarted(() -> readLoop(onPacket));
  }

  /**
   * Binds the group's port and joins the group on {@code interfaceNames} (empty: every interface
   * that is up and has an IPv4 address). Fails when no interface could join.
   */
  static LsdSocket open(InetSocketAddress group, List<String> interfaceNames, BiConsumer<byte[], InetSocketAddress> onPacket)
      throws IOException {
    DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
    try {
      channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      channel.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
      channel.setOption(StandardSocketOptions.IP_MULTICAST_TTL, 1);
      channel.bind(new InetSocketAddress(group.getPort()));
      List<NetworkInterface> joined = new ArrayList<>();
      List<String> failures = new ArrayList<>();
      for (NetworkInterface candidate : candidates(interfaceNames)) {
        try {
          channel.join(group.getAddress(), candidate);
          joined.add(candidate);
        } catch (IOException | UnsupportedOperationException e) {
          failures.add(candidate.getName() + ": " + e.getMessage());
        }
      }
      if (joined.isEmpty()) {
        throw new IOException("no interface could join " + group + (failures.isEmpty() ? "" : " " + failures));
      }
      LsdSocket socket = new LsdSocket(group, channel, List.copyOf(joined), onPacket);
      socket.reader.start();
      return socket;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  List<String> interfaceNames() {
    return joined.stream().map(NetworkInterface::getName).toList();
  }

  /** Sends {@code packet} to the group once on every joined interface. */
  void send(byte[] packet) {
    for (NetworkInterface nif : joined) {
      try {
        channel.setOption(StandardSocketOptions.IP_MULTICAST_IF, nif);
        channel.send(ByteBuffer.wrap(packet), group);
      } catch (IOException e) {
        LOG.debug("LSD send on {} failed: {}", nif.getName(), e.toString());
      }
    }
  }

  private void readLoop(BiConsumer<byte[], InetSocketAddress> onPacket) {
    ByteBuffer buffer = ByteBuffer.allocate(RECEIVE_BUFFER);
    while (channel.isOpen()) {
      try {
        buffer.clear();
        InetSocketAddress source = (InetSocketAddress) channel.receive(buffer);
        if (source != null) {
          onPacket.accept(Arrays.copyOf(buffer.array(), buffer.position()), source);
        }
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException | RuntimeException e) {
        LOG.debug("LSD receive failed: {}", e.toString());
      }
    }
  }

  private static List<NetworkInterface> candidates(List<String> names) throws SocketException {
    List<NetworkInterface> result = new ArrayList<>();
    if (!names.isEmpty()) {
      for (String name : names) {
        NetworkInterface nif = NetworkInterface.getByName(name);
        if (nif == null) {
          throw new SocketException("no network interface named " + name);
        }
        result.add(nif);
      }
      return result;
    }
    for (NetworkInterface nif : NetworkInterface.networkInterfaces().toList()) {
      if (nif.isUp() && hasIpv4(nif)) {
        result.add(nif);
      }
    }
    return result;
  }

  private static boolean hasIpv4(NetworkInterface nif) {
    return nif.inetAddresses().anyMatch((InetAddress a) -> a instanceof Inet4Address);
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      LOG.debug("closing the LSD socket: {}", e.toString());
    }
  }
}
