package io.seedfleet.engine.lsd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seedfleet.engine.metainfo.InfoHash;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LsdMessageTest {
  private static final InfoHash A = InfoHash.fromHex("0123456789abcdef0123456789abcdef01234567");
  private static final InfoHash B = InfoHash.fromHex("89abcdef0123456789abcdef0123456789abcdef");

  private static LsdMessage parse(String text) throws LsdFormatException {
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    return LsdMessage.parse(bytes, bytes.length);
  }

  @Test
  void parsesWhatLibtorrentSends() throws Exception {
    LsdMessage message = parse("BT-SEARCH * HTTP/1.1\r\nHost: 239.192.152.143:6771\r\nPort: 40123\r\n"
        + "Infohash: 0123456789ABCDEF0123456789abcdef01234567\r\ncookie: 4992e9b8\r\n\r\n\r\n");
    assertThat(message.port()).isEqualTo(40123);
    assertThat(message.infoHashes()).containsExactly(A);
    assertThat(message.cookie()).contains("4992e9b8");
  }

  @Test
  void roundTripsSeveralInfoHashes() throws Exception {
    LsdMessage message = new LsdMessage(6881, List.of(A, B), Optional.of("c00k1e"));
    byte[] bytes = message.encode("239.192.152.143", 6771);
    assertThat(new String(bytes, StandardCharsets.US_ASCII))
        .startsWith("BT-SEARCH * HTTP/1.1\r\nHost: 239.192.152.143:6771\r\nPort: 6881\r\n").endsWith("\r\n\r\n\r\n");
    assertThat(LsdMessage.parse(bytes, bytes.length)).isEqualTo(message);
  }

  @Test
  void headerNamesAreCaseInsensitiveAndUnknownOnesIgnored() throws Exception {
    LsdMessage message = parse("BT-SEARCH * HTTP/1.1\nHOST: x\nX-Other: y\nport: 1\nINFOHASH: " + A.hex() + "\n\n");
    assertThat(message.port()).isEqualTo(1);
    assertThat(message.cookie()).isEmpty();
  }

  @Test
  void readsAtMostEightInfoHashes() throws Exception {
    StringBuilder text = new StringBuilder("BT-SEARCH * HTTP/1.1\r\nPort: 6881\r\n");
    for (int i = 0; i < 20; i++) {
      text.append("Infohash: ").append(A.hex()).append("\r\n");
    }
    assertThat(parse(text.toString()).infoHashes()).hasSize(LsdMessage.MAX_INFO_HASHES);
  }

  @Test
  void rejectsMalformedAnnouncementsWithTheReason() {
    assertThatThrownBy(() -> parse("GET / HTTP/1.1\r\n\r\n")).hasMessageContaining("not a BT-SEARCH");
    assertThatThrownBy(() -> parse("BT-SEARCH * HTTP/1.1\r\nInfohash: " + A.hex() + "\r\n\r\n"))
        .hasMessageContaining("no Port");
    assertThatThrownBy(() -> parse("BT-SEARCH * HTTP/1.1\r\nPort: 70000\r\nInfohash: " + A.hex() + "\r\n\r\n"))
        .hasMessageContaining("out of range");
    assertThatThrownBy(() -> parse("BT-SEARCH * HTTP/1.1\r\nPort: -1\r\n\r\n")).hasMessageContaining("bad Port");
    assertThatThrownBy(() -> parse("BT-SEARCH * HTTP/1.1\r\nPort: 1\r\nInfohash: xyz\u007f\r\n\r\n"))
        .hasMessageContaining("bad Infohash header: xyz?");
    assertThatThrownBy(() -> parse("BT-SEARCH * HTTP/1.1\r\nPort: 1\r\n\r\n")).hasMessageContaining("no Infohash");
  }

  @Test
  void rejectsOversizedDatagramsBeforeReadingThem() {
    byte[] big = new byte[LsdMessage.MAX_PACKET + 1];
    assertThatThrownBy(() -> LsdMessage.parse(big, big.length)).isInstanceOf(LsdFormatException.class)
        .hasMessageContaining("larger than");
  }
}
