package io.seedfleet.engine.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link NetConnection#send(List, Runnable)}: the callback that lets callers reuse their buffers. */
class NetConnectionSendTest {
  /** Far more than the kernel's send and receive buffers hold together. */
  private static final int LARGE = 64 << 20;

  private NetLoop loop;
  private ServerSocketChannel server;
  private SocketChannel peer;
  private NetConnection connection;

  @BeforeEach
  void connect() throws Exception {
    loop = new NetLoop("send-test");
    server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    CompletableFuture<NetConnection> connected = new CompletableFuture<>();
    loop.connect((InetSocketAddress) server.getLocalAddress(), c -> {
      connected.complete(c);
      return new ConnectionListener() {
        @Override
        public void onData(ByteBuffer data) {
          data.position(data.limit());
        }

        @Override
        public void onClosed(Throwable cause) {}
      };
    }, connected::completeExceptionally);
    peer = server.accept();
    connection = connected.get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void close() throws IOException {
    loop.close();
    peer.close();
    server.close();
  }

  @Test
  void theCallbackRunsOnceTheKernelHasTakenEveryByte() throws Exception {
    CountDownLatch written = new CountDownLatch(1);
    connection.send(List.of(ByteBuffer.allocateDirect(LARGE)), written::countDown);
    assertThat(written.getCount()).as("the peer has read nothing yet").isEqualTo(1);

    ByteBuffer sink = ByteBuffer.allocateDirect(1 << 20);
    long read = 0;
    while (read < LARGE) {
      read += peer.read(sink.clear());
    }
    assertThat(written.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void closingRunsTheCallbacksOfUnsentBuffers() throws Exception {
    CountDownLatch released = new CountDownLatch(2);
    connection.send(List.of(ByteBuffer.allocateDirect(LARGE)), released::countDown);
    connection.send(List.of(ByteBuffer.allocate(100)), released::countDown);
    connection.close();
    assertThat(released.await(10, TimeUnit.SECONDS)).isTrue();

    CountDownLatch afterClose = new CountDownLatch(1);
    connection.send(List.of(ByteBuffer.allocate(100)), afterClose::countDown);
    assertThat(afterClose.getCount()).as("called at once: nothing will be sent").isZero();
  }
}
