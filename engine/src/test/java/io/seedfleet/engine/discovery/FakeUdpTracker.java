package io.seedfleet.engine.discovery;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A BEP 15 tracker on 127.0.0.1 for tests, written from the spec apart from the codec under test:
 * it answers connect, announce and scrape (each hash's counts are its first byte as seeders, 7
 * completed and 3 leechers), can ignore the first N packets (to exercise retransmission), and
 * can send a stray packet with a wrong transaction id before each real reply.
 */
final class FakeUdpTracker implements AutoCloseable {
  static final long CONNECTION_ID = 0x0102030405060708L;

  private final DatagramSocket socket;
  final List<Integer> actions = new CopyOnWriteArrayList<>();
  final AtomicInteger toIgnore = new AtomicInteger();
  volatile boolean sendStrayFirst;
  volatile boolean answerWithError;
  volatile byte[] peers = {127, 0, 0, 1, 0x1a, (byte) 0xe1};

  FakeUdpTracker() throws SocketException {
    socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread.ofPlatform().daemon().name("fake-udp-tracker").start(this::serve);
  }

  String url() {
    return "udp://127.0.0.1:" + socket.getLocalPort() + "/announce";
  }

  private void serve() {
    byte[] buffer = new byte[2048];
    while (!socket.isClosed()) {
      try {
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.receive(packet);
        ByteBuffer in = ByteBuffer.wrap(packet.getData(), 0, packet.getLength());
        long connectionId = in.getLong();
        int action = in.getInt();
        int transaction = in.getInt();
        actions.add(action);
        if (toIgnore.getAndDecrement() > 0) {
          continue;
        }
        if (sendStrayFirst) {
          send(ByteBuffer.allocate(16).putInt(0).putInt(transaction + 1).putLong(99).array(), packet);
        }
        if (answerWithError) {
          send(ByteBuffer.allocate(12).putInt(3).putInt(transaction).put("nope".getBytes()).array(), packet);
        } else if (action == 0 && connectionId == 0x41727101980L) {
          send(ByteBuffer.allocate(16).putInt(0).putInt(transaction).putLong(CONNECTION_ID).array(), packet);
        } else if (action == 1 && connectionId == CONNECTION_ID && packet.getLength() == 98) {
          byte[] p = peers;
          send(ByteBuffer.allocate(20 + p.length).putInt(1).putInt(transaction).putInt(1800).putInt(2).putInt(1).put(p)
              .array(), packet);
        } else if (action == 2 && connectionId == CONNECTION_ID && (packet.getLength() - 16) % 20 == 0) {
          int hashes = (packet.getLength() - 16) / 20;
          ByteBuffer out = ByteBuffer.allocate(8 + 12 * hashes).putInt(2).putInt(transaction);
          for (int i = 0; i < hashes; i++) {
            out.putInt(packet.getData()[16 + 20 * i]).putInt(7).putInt(3);
          }
          send(out.array(), packet);
        }
      } catch (IOException e) {
        return;
      }
    }
  }

  private void send(byte[] data, DatagramPacket to) throws IOException {
    socket.send(new DatagramPacket(data, data.length, to.getSocketAddress()));
  }

  @Override
  public void close() {
    socket.close();
  }
}
