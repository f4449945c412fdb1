package io.seedfleet.engine.bencode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BencodeTest {
  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  @Test
  void encodesEachTypeCanonically() {
    assertThat(text(Bencode.encode(new BInt(-42)))).isEqualTo("i-42e");
    assertThat(text(Bencode.encode(BBytes.of("spam")))).isEqualTo("4:spam");
    assertThat(text(Bencode.encode(new BList(List.of(new BInt(1), BBytes.EMPTY)))))
        .isEqualTo("li1e0:e");
    BDict dict = BDict.builder().put("zeta", 1).put("alpha", "x").putStrings("m", List.of("a"))
        .build();
    // Keys are sorted on encoding, whatever the insertion order.
    assertThat(text(Bencode.encode(dict))).isEqualTo("d5:alpha1:x1:ml1:ae4:zetai1ee");
  }

  @Test
  void keysSortAsUnsignedBytes() {
    BDict dict =
        BDict.builder()
            .put(BBytes.of(new byte[] {(byte) 0xff}), new BInt(1))
            .put(BBytes.of(new byte[] {'a'}), new BInt(2))
            .build();
    byte[] encoded = Bencode.encode(dict);
    assertThat(encoded[3]).isEqualTo((byte) 'a');
  }

  @Test
  void roundTripsStrictInput() throws Exception {
    String canonical = "d4:infod6:lengthi12e4:name3:abc12:piece lengthi16384ee4:listli-1e0:ee";
    byte[] input = canonical.getBytes(StandardCharsets.ISO_8859_1);
    BValue value = Bencode.decode(input, BencodeLimits.DEFAULT.withStrict(true));
    assertThat(Bencode.encode(value)).isEqualTo(input);
  }

  @Test
  void lenientInputReencodesSorted() throws Exception {
    BValue value = Bencode.decode("d1:bi1e1:ai2ee".getBytes(StandardCharsets.US_ASCII));
    assertThat(text(Bencode.encode(value))).isEqualTo("d1:ai2e1:bi1ee");
  }
}
