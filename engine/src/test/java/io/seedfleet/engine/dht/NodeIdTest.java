package io.seedfleet.engine.dht;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeIdTest {
  private static final NodeId ZERO = NodeId.ofHex("0000000000000000000000000000000000000000");

  @Test
  void xorDistanceOrdersByCloseness() {
    NodeId near = NodeId.ofHex("0000000000000000000000000000000000000001");
    NodeId far = NodeId.ofHex("8000000000000000000000000000000000000000");
    assertThat(ZERO.compareDistance(near, far)).isNegative();
    assertThat(far.compareDistance(far, near)).isNegative();
    assertThat(near.xor(far)).isEqualTo(NodeId.ofHex("8000000000000000000000000000000000000001"));
  }

  @Test
  void commonPrefixBits() {
    assertThat(ZERO.commonPrefixBits(ZERO)).isEqualTo(160);
    assertThat(ZERO.commonPrefixBits(NodeId.ofHex("8000000000000000000000000000000000000000"))).isZero();
    assertThat(ZERO.commonPrefixBits(NodeId.ofHex("0010000000000000000000000000000000000000"))).isEqualTo(11);
  }

  @Test
  void randomWithPrefixSharesExactlyThatManyBits() {
    Random random = new Random(1);
    NodeId own = NodeId.random(random);
    for (int bits = 0; bits < 160; bits += 7) {
      assertThat(own.commonPrefixBits(own.randomWithPrefix(bits, random))).isEqualTo(bits);
    }
  }

  /** The examples of BEP 42. */
  @ParameterizedTest
  @CsvSource({
      "124.31.75.21, 5fbfbff10c5d6a4ec8a88e4c6ab4c28b95eee401",
      "21.75.31.124, 5a3ce9c14e7a08645677bbd1cfe7d8f956d53256",
      "65.23.51.170, a5d43220bc8f112a3d426c84764f8c2a1150e616",
      "84.124.73.14, 1b0321dd1bb1fe518101ceef99462b947a01ff41",
      "43.213.53.83, e56f6cbf5b7c4be0237986d5243b87aa6d51305a"})
  void bep42ExamplesAreValid(String ip, String id) throws Exception {
    InetAddress address = InetAddress.getByName(ip);
    assertThat(NodeIdIp.isValid(NodeId.ofHex(id), address)).isTrue();
    assertThat(NodeIdIp.isValid(NodeId.ofHex("00" + id.substring(2)), address)).isFalse();
  }

  @Test
  void generatedIdsAreValidAndLocalAddressesExempt() throws Exception {
    InetAddress address = InetAddress.getByName("203.0.113.9");
    Random random = new Random(7);
    for (int i = 0; i < 20; i++) {
      assertThat(NodeIdIp.isValid(NodeIdIp.generate(address, random), address)).isTrue();
    }
    assertThat(NodeIdIp.isValid(ZERO, InetAddress.getByName("127.0.0.1"))).isTrue();
    assertThat(NodeIdIp.isValid(ZERO, InetAddress.getByName("192.168.1.2"))).isTrue();
  }
}
