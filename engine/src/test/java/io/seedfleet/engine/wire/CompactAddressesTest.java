package io.seedfleet.engine.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompactAddressesTest {

  @Test
  void ipv4RoundTrip() {
    List<InetSocketAddress> peers = List.of(new InetSocketAddress("10.1.2.3", 6881), new InetSocketAddress("127.0.0.1", 65535));
    byte[] bytes = CompactAddresses.encodeAll(peers, false);
    assertThat(bytes).hasSize(12).startsWith(10, 1, 2, 3, 0x1A, (byte) 0xE1);
    assertThat(CompactAddresses.decode(bytes, CompactAddresses.IPV4_ENTRY, 100)).isEqualTo(peers);
  }

  @Test
  void ipv6RoundTripSkipsTheOtherFamily() {
    List<InetSocketAddress> peers = List.of(new InetSocketAddress("::1", 51413), new InetSocketAddress("10.0.0.1", 1));
    byte[] bytes = CompactAddresses.encodeAll(peers, true);
    assertThat(bytes).hasSize(18);
    assertThat(CompactAddresses.decode(bytes, CompactAddresses.IPV6_ENTRY, 100)).containsExactly(peers.get(0));
  }

  @Test
  void limitCapsTheResultAndPortZeroIsSkipped() {
    byte[] bytes = new byte[6 * 1000];
    bytes[4] = 0;
    bytes[5] = 0;
    for (int i = 1; i < 1000; i++) {
      bytes[i * 6] = 10;
      bytes[i * 6 + 5] = 1;
    }
    List<InetSocketAddress> peers = CompactAddresses.decode(bytes, CompactAddresses.IPV4_ENTRY, 50);
    assertThat(peers).hasSize(50).allSatisfy(p -> assertThat(p.getPort()).isEqualTo(1));
  }

  @Test
  void partialEntryIsAnError() {
    assertThatThrownBy(() -> CompactAddresses.decode(new byte[7], CompactAddresses.IPV4_ENTRY, 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a multiple of 6");
  }
}
