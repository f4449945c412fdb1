package io.seedfleet.engine.trackerd;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * Fuzzes UDP tracker packet parsing through the handler: any packet is dropped or answered with a
 * reply that names a known action and echoes the transaction id. Regression inputs live in
 * {@code UdpTrackerPacketsFuzzTestInputs/parse/}. The connection-id check is fixed to the id the
 * fuzzer's address gets, so announces and scrapes are reached.
 */
class UdpTrackerPacketsFuzzTest {
  private static final InetSocketAddress FROM = new InetSocketAddress("127.0.0.1", 5000);

  @FuzzTest
  void parse(byte[] data) {
    UdpTrackerRequest request = UdpTrackerPackets.parse(data, data.length);
    assertThat(request).isNotNull();

    SwarmRegistry registry = new SwarmRegistry(TrackerConfig.defaults(), () -> 0, new SplittableRandom(0));
    ConnectionIds ids = new ConnectionIds(new byte[32], () -> 0);
    UdpTrackerHandler handler = new UdpTrackerHandler(registry, TrackerPolicy.open(), ids);
    byte[] packet = data.clone();
    if (packet.length >= 8 && request instanceof UdpTrackerRequest.Announce || request instanceof UdpTrackerRequest.Scrape) {
      ByteBuffer.wrap(packet).putLong(ids.issue(FROM)); // reach the registry, not just the id check
    }
    byte[] reply = handler.handle(packet, packet.length, FROM);
    if (reply != null) {
      ByteBuffer in = ByteBuffer.wrap(reply);
      assertThat(in.getInt()).isBetween(0, 3);
      assertThat(in.getInt()).isEqualTo(request.transactionId());
    }
  }
}
