package io.seedfleet.engine.dht;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the KRPC decoder: any input decodes or fails with a {@link KrpcException}; nothing else
 * escapes. A decoded message re-encodes into a packet that decodes to the same message (unknown
 * methods only keep their kind, since their names are kept as text). Regression inputs live in
 * {@code KrpcCodecFuzzTestInputs/decode/}.
 */
class KrpcCodecFuzzTest {
  @FuzzTest
  void decode(byte[] data) {
    KrpcMessage message;
    try {
      message = KrpcCodec.decode(data);
    } catch (KrpcException e) {
      assertThat(e.error()).isNotNull();
      return;
    }
    try {
      KrpcMessage again = KrpcCodec.decode(KrpcCodec.encode(message));
      if (message instanceof KrpcMessage.UnknownQuery) {
        assertThat(again).isInstanceOf(KrpcMessage.UnknownQuery.class);
      } else {
        assertThat(again).isEqualTo(message);
      }
    } catch (KrpcException e) {
      throw new AssertionError("re-encoded " + message + " does not decode: " + e.getMessage(), e);
    }
  }

  @FuzzTest
  void decodeSnapshot(byte[] data) {
    try {
      RoutingTableSnapshot s = RoutingTableSnapshot.decode(data);
      assertThat(RoutingTableSnapshot.decode(s.encode())).isEqualTo(s);
    } catch (KrpcException e) {
      assertThat(e.error()).isNotNull();
    }
  }
}
