package io.seedfleet.engine.wire.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seedfleet.engine.bencode.BencodeError;
import io.seedfleet.engine.bencode.BencodeException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExtendedHandshakeTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void encodesCanonicallyAndRoundTrips() throws Exception {
    ExtendedHandshake hs =
        new ExtendedHandshake(
            Map.of("ut_metadata", 3, "ut_pex", 1),
            Optional.of("seedfleet 0.1"),
            OptionalInt.of(6881),
            OptionalInt.of(250),
            OptionalInt.of(31235),
            Optional.of(InetAddress.getByAddress(new byte[] {127, 0, 0, 1})));
    byte[] encoded = hs.encode();
    // Keys sorted by raw bytes, "m" before "metadata_size".
    assertThat(new String(encoded, StandardCharsets.ISO_8859_1))
        .isEqualTo(
            "d1:md11:ut_metadatai3e6:ut_pexi1ee13:metadata_sizei31235e1:pi6881e4:reqqi250e"
                + "1:v13:seedfleet 0.16:yourip4:\u007f\0\0\u0001e");
    assertThat(ExtendedHandshake.decode(encoded)).isEqualTo(hs);
  }

  @Test
  void decodesARealLibtorrentStyleHandshake() throws Exception {
    byte[] payload =
        b("d12:complete_agoi-1e1:md11:lt_donthavei7e10:share_modei8e11:upload_onlyi3e"
            + "12:ut_holepunchi4e11:ut_metadatai2e6:ut_pexi1ee13:metadata_sizei5678e"
            + "1:pi51413e4:reqqi500e11:upload_onlyi0e1:v16:libtorrent 2.0.86:yourip4:\u00c0\u00a8"
            + "\u0001\u0002e");
    ExtendedHandshake hs = ExtendedHandshake.decode(payload);
    assertThat(hs.idOf("ut_metadata")).hasValue(2);
    assertThat(hs.idOf("ut_pex")).hasValue(1);
    assertThat(hs.idOf("unknown")).isEmpty();
    assertThat(hs.clientName()).contains("libtorrent 2.0.8");
    assertThat(hs.listenPort()).hasValue(51413);
    assertThat(hs.requestQueue()).hasValue(500);
    assertThat(hs.metadataSize()).hasValue(5678);
    assertThat(hs.yourIp()).contains(InetAddress.getByAddress(new byte[] {(byte) 192,
        (byte) 168, 1, 2}));
  }

  @ParameterizedTest
  @ValueSource(strings = {"i0e", "i-1e", "i1099511627776e", "i31457281e", "3:abc"})
  void outOfRangeMetadataSizeReadsAsAbsent(String value) throws Exception {
    ExtendedHandshake hs =
        ExtendedHandshake.decode(b("d1:mde13:metadata_size" + value + "e"));
    assertThat(hs.metadataSize()).isEmpty();
  }

  @Test
  void largestAllowedMetadataSizeIsKept() throws Exception {
    assertThat(ExtendedHandshake.decode(b("d13:metadata_sizei31457280ee")).metadataSize())
        .hasValue(ExtendedHandshake.MAX_METADATA_SIZE);
  }

  @Test
  void toleratesJunkValues() throws Exception {
    ExtendedHandshake hs =
        ExtendedHandshake.decode(
            b("d1:md1:ai300e1:bi-1e1:c1:x1:di0ee1:pi70000e4:reqqi0e6:yourip3:abc1:vi5ee"));
    assertThat(hs.extensions()).containsExactly(Map.entry("d", 0));
    assertThat(hs.idOf("d")).isEmpty();
    assertThat(hs.listenPort()).isEmpty();
    assertThat(hs.requestQueue()).isEmpty();
    assertThat(hs.yourIp()).isEmpty();
    assertThat(hs.clientName()).isEmpty();
    assertThat(ExtendedHandshake.decode(b("de")).extensions()).isEmpty();
  }

  @Test
  void rejectsNonDictionariesAndBadBencode() {
    assertThatThrownBy(() -> ExtendedHandshake.decode(b("li1ee")))
        .isInstanceOfSatisfying(
            BencodeException.class,
            e -> assertThat(e.error()).isEqualTo(BencodeError.UNEXPECTED_TYPE));
    assertThatThrownBy(() -> ExtendedHandshake.decode(b("d1:m")))
        .isInstanceOfSatisfying(
            BencodeException.class,
            e -> assertThat(e.error()).isEqualTo(BencodeError.UNEXPECTED_EOF));
    assertThatThrownBy(() -> ExtendedHandshake.decode(new byte[ExtendedHandshake.MAX_PAYLOAD + 1]))
        .isInstanceOfSatisfying(
            BencodeException.class,
            e -> assertThat(e.error()).isEqualTo(BencodeError.INPUT_TOO_LARGE));
    assertThatThrownBy(() -> ExtendedHandshake.decode(b("d1:m" + "l".repeat(50) + "e")))
        .isInstanceOfSatisfying(
            BencodeException.class,
            e -> assertThat(e.error()).isEqualTo(BencodeError.DEPTH_EXCEEDED));
  }

  @Test
  void constructorValidates() {
    assertThatThrownBy(
            () ->
                new ExtendedHandshake(Map.of("x", 256), Optional.empty(), OptionalInt.empty(),
                    OptionalInt.empty(), OptionalInt.empty(), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new ExtendedHandshake(Map.of(), Optional.empty(), OptionalInt.empty(),
                    OptionalInt.empty(), OptionalInt.of(-1), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
