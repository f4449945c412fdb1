package io.seedfleet.engine.wire.extension;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.seedfleet.engine.bencode.BencodeException;

/** Fuzzes the BEP 10 handshake decoder; whatever decodes must survive an encode round trip. */
class ExtendedHandshakeFuzzTest {
  @FuzzTest
  void decode(byte[] data) {
    try {
      ExtendedHandshake hs = ExtendedHandshake.decode(data);
      assertThat(ExtendedHandshake.decode(hs.encode())).isEqualTo(hs);
    } catch (BencodeException e) {
      assertThat(e.error()).isNotNull();
    }
  }
}
