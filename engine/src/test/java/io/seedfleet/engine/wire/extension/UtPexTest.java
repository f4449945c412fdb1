package io.seedfleet.engine.wire.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seedfleet.engine.bencode.BDict;
import io.seedfleet.engine.bencode.Bencode;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UtPexTest {
  @Test
  void decodesAddedWithFlagsAndDroppedOfBothFamilies() throws Exception {
    byte[] added = {127, 0, 0, 1, 0x1A, (byte) 0xE1, 10, 0, 0, 2, 0, 80};
    byte[] added6 = new byte[18];
    added6[15] = 1; // ::1
    added6[17] = 99;
    byte[] payload = Bencode.encode(BDict.builder().put("added", added).put("added.f", new byte[] {0x02, 0x11})
        .put("added6", added6).put("added6.f", new byte[] {0x04}).put("dropped", new byte[] {1, 2, 3, 4, 0, 7})
        .put("dropped6", new byte[0]).build());
    PexMessage message = UtPex.decode(ByteBuffer.wrap(payload));
    assertThat(message.added()).containsExactly(
        new PexPeer(new InetSocketAddress("127.0.0.1", 6881), PexPeer.SEED),
        new PexPeer(new InetSocketAddress("10.0.0.2", 80), PexPeer.PREFERS_ENCRYPTION | PexPeer.REACHABLE),
        new PexPeer(new InetSocketAddress("::1", 99), PexPeer.SUPPORTS_UTP));
    assertThat(message.added().get(0).isSeed()).isTrue();
    assertThat(message.dropped()).containsExactly(new InetSocketAddress("1.2.3.4", 7));
  }

  @Test
  void takesAtMostFiftyOfEachListAndMissingFlagsReadAsZero() throws Exception {
    byte[] added = new byte[6 * 500];
    for (int i = 0; i < 500; i++) {
      added[i * 6] = 10;
      added[i * 6 + 3] = (byte) i;
      added[i * 6 + 5] = 1;
    }
    PexMessage message = UtPex.decode(ByteBuffer.wrap(
        Bencode.encode(BDict.builder().put("added", added).put("dropped", added).build())));
    assertThat(message.added()).hasSize(UtPex.MAX_PEERS_PER_LIST).allMatch(p -> p.flags() == 0);
    assertThat(message.dropped()).hasSize(UtPex.MAX_PEERS_PER_LIST);
  }

  @Test
  void roundTripsAndCapsWhatItSends() throws Exception {
    List<PexPeer> added = new ArrayList<>();
    for (int i = 1; i <= 60; i++) {
      added.add(new PexPeer(new InetSocketAddress("127.0.0." + i, 1000 + i), i % 2 == 0 ? PexPeer.SEED : 0));
    }
    added.add(new PexPeer(new InetSocketAddress("2001:db8::5", 6000), PexPeer.REACHABLE));
    PexMessage message = new PexMessage(added, List.of(new InetSocketAddress("192.168.1.1", 6881)));
    PexMessage decoded = UtPex.decode(ByteBuffer.wrap(UtPex.encode(message)));
    assertThat(decoded.added()).hasSize(51).startsWith(added.get(0)).contains(added.get(60));
    assertThat(decoded.added()).containsAll(added.subList(0, 50));
    assertThat(decoded.dropped()).isEqualTo(message.dropped());
  }

  @Test
  void emptyDictionaryIsAnEmptyMessage() throws Exception {
    assertThat(UtPex.decode(ByteBuffer.wrap("de".getBytes())).isEmpty()).isTrue();
  }

  @Test
  void malformedMessagesFailClearly() {
    assertThatThrownBy(() -> UtPex.decode(ByteBuffer.wrap("d5:added5:12345e".getBytes())))
        .isInstanceOf(ExtensionMessageException.class).hasMessageContaining("not a multiple of 6");
    assertThatThrownBy(() -> UtPex.decode(ByteBuffer.wrap("le".getBytes()))).hasMessageContaining("not a dictionary");
    assertThatThrownBy(() -> UtPex.decode(ByteBuffer.wrap("d5:added".getBytes()))).hasMessageContaining("ut_pex");
    assertThatThrownBy(() -> UtPex.decode(ByteBuffer.allocate(UtPex.MAX_PAYLOAD + 1))).hasMessageContaining("exceeds");
  }
}
