package io.seedfleet.engine.bencode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BencodeDecoderTest {
  private static final BencodeLimits STRICT = BencodeLimits.DEFAULT.withStrict(true);

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static BValue decode(String s) throws BencodeException {
    return Bencode.decode(b(s));
  }

  private static BencodeError errorOf(String s, BencodeLimits limits) {
    try {
      Bencode.decode(b(s), limits);
    } catch (BencodeException e) {
      return e.error();
    }
    throw new AssertionError("decoded without error: " + s);
  }

  @Test
  void decodesEachType() throws Exception {
    assertThat(decode("i42e")).isEqualTo(new BInt(42));
    assertThat(decode("i-7e")).isEqualTo(new BInt(-7));
    assertThat(decode("i0e")).isEqualTo(new BInt(0));
    assertThat(decode("4:spam")).isEqualTo(BBytes.of("spam"));
    assertThat(decode("0:")).isEqualTo(BBytes.EMPTY);
    assertThat(decode("l4:spami1ee"))
        .isEqualTo(new BList(List.of(BBytes.of("spam"), new BInt(1))));
    BDict dict = (BDict) decode("d3:cow3:moo4:spaml1:a1:bee");
    assertThat(dict.getBytesOrNull("cow").asString()).isEqualTo("moo");
    assertThat(dict.getListOrNull("spam").size()).isEqualTo(2);
    assertThat(dict.entries().keySet()).containsExactly(BBytes.of("cow"), BBytes.of("spam"));
  }

  @Test
  void int64BoundsAreExact() throws Exception {
    assertThat(decode("i9223372036854775807e")).isEqualTo(new BInt(Long.MAX_VALUE));
    assertThat(decode("i-9223372036854775808e")).isEqualTo(new BInt(Long.MIN_VALUE));
    assertThat(errorOf("i9223372036854775808e", BencodeLimits.DEFAULT))
        .isEqualTo(BencodeError.OVERFLOW);
    assertThat(errorOf("i-9223372036854775809e", BencodeLimits.DEFAULT))
        .isEqualTo(BencodeError.OVERFLOW);
    assertThat(errorOf("i99999999999999999999e", BencodeLimits.DEFAULT))
        .isEqualTo(BencodeError.OVERFLOW);
  }

  @ParameterizedTest
  @CsvSource({
    "i03e, LEADING_ZERO",
    "i-0e, LEADING_ZERO",
    "i00e, LEADING_ZERO",
    "i-e, INVALID_BENCODING",
    "ie, INVALID_BENCODING",
    "i1x2e, INVALID_BENCODING",
    "i12, UNEXPECTED_EOF",
    "'', UNEXPECTED_EOF",
    "d, UNEXPECTED_EOF",
    "l, UNEXPECTED_EOF",
    "x, INVALID_BENCODING",
    "e, INVALID_BENCODING",
    "5:abc, UNEXPECTED_EOF",
    "100000000:abc, UNEXPECTED_EOF",
    "99999999999999999999:abc, OVERFLOW",
    "3abc, INVALID_BENCODING",
    ":abc, INVALID_BENCODING",
    "di1ei2ee, INVALID_BENCODING",
    "d1:ae, INVALID_BENCODING",
    "d1:ai1e1:ai2ee, DUPLICATE_KEY",
    "i1ei2e, TRAILING_DATA",
    "4:spamx, TRAILING_DATA",
  })
  void rejectsMalformedInputWithItsCode(String input, BencodeError expected) {
    assertThat(errorOf(input, BencodeLimits.DEFAULT)).isEqualTo(expected);
  }

  @Test
  void errorsCarryTheOffset() {
    assertThatThrownBy(() -> decode("l4:spamxe"))
        .isInstanceOfSatisfying(
            BencodeException.class,
            e -> {
              assertThat(e.error()).isEqualTo(BencodeError.INVALID_BENCODING);
              assertThat(e.offset()).isEqualTo(7);
              assertThat(e.getMessage()).contains("offset 7");
            });
  }

  @Test
  void strictModeRequiresSortedKeysAndNoLeadingZeroLengths() throws Exception {
    assertThat(errorOf("d1:bi1e1:ai2ee", STRICT)).isEqualTo(BencodeError.UNSORTED_KEYS);
    assertThat(errorOf("d01:ai1ee", STRICT)).isEqualTo(BencodeError.LEADING_ZERO);
    assertThat(errorOf("d1:ai1e1:ai2ee", STRICT)).isEqualTo(BencodeError.DUPLICATE_KEY);
    // Lenient mode accepts both and keeps the decoding order.
    BDict lenient = (BDict) decode("d1:bi1e1:ai2ee");
    assertThat(lenient.entries().keySet()).containsExactly(BBytes.of("b"), BBytes.of("a"));
    assertThat(decode("02:ab")).isEqualTo(BBytes.of("ab"));
    // Keys sort as unsigned bytes: 0xff after 'z'.
    assertThat(Bencode.decode(b("d1:zi1e1:\u00ffi2ee"), STRICT)).isInstanceOf(BDict.class);
    assertThat(errorOf("d1:\u00ffi2e1:zi1ee", STRICT)).isEqualTo(BencodeError.UNSORTED_KEYS);
  }

  @Test
  void depthLimitCountsContainers() throws Exception {
    String hundred = "l".repeat(100) + "e".repeat(100);
    assertThat(decode(hundred)).isInstanceOf(BList.class);
    assertThat(errorOf("l".repeat(101) + "e".repeat(101), BencodeLimits.DEFAULT))
        .isEqualTo(BencodeError.DEPTH_EXCEEDED);
  }

  @Test
  void hundredThousandDeepNestingFailsCleanlyWithoutStackOverflow() {
    byte[] deep = new byte[100_000];
    Arrays.fill(deep, (byte) 'l');
    assertThatThrownBy(() -> Bencode.decode(deep))
        .isInstanceOfSatisfying(
            BencodeException.class,
            e -> {
              assertThat(e.error()).isEqualTo(BencodeError.DEPTH_EXCEEDED);
              assertThat(e.offset()).isEqualTo(100);
            });
    // Even with no depth limit to speak of, the explicit stack copes.
    byte[] balanced = new byte[200_000];
    Arrays.fill(balanced, 0, 100_000, (byte) 'l');
    Arrays.fill(balanced, 100_000, 200_000, (byte) 'e');
    BencodeLimits unlimitedDepth = BencodeLimits.DEFAULT.withMaxDepth(1_000_000);
    assertThat(catchValue(balanced, unlimitedDepth)).isInstanceOf(BList.class);
  }

  private static BValue catchValue(byte[] input, BencodeLimits limits) {
    try {
      return Bencode.decode(input, limits);
    } catch (BencodeException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void tokenLimitStopsFloods() {
    // 5,000,000 tokens of i0e, 15 MB: over the token limit long before the end.
    int count = 5_000_000;
    byte[] flood = new byte[2 + 3 * count];
    flood[0] = 'l';
    for (int i = 0; i < count; i++) {
      flood[1 + 3 * i] = 'i';
      flood[2 + 3 * i] = '0';
      flood[3 + 3 * i] = 'e';
    }
    flood[flood.length - 1] = 'e';
    BencodeLimits limits = BencodeLimits.DEFAULT.withMaxInputLength(Integer.MAX_VALUE);
    assertThatThrownBy(() -> Bencode.decode(flood, limits))
        .isInstanceOfSatisfying(
            BencodeException.class, e -> assertThat(e.error()).isEqualTo(BencodeError.TOKEN_LIMIT));
    assertThat(errorOf("li1ei2ei3ee", BencodeLimits.DEFAULT.withMaxTokens(3)))
        .isEqualTo(BencodeError.TOKEN_LIMIT);
  }

  @Test
  void inputAndStringLimits() {
    assertThat(errorOf("4:spam", BencodeLimits.DEFAULT.withMaxInputLength(5)))
        .isEqualTo(BencodeError.INPUT_TOO_LARGE);
    assertThat(errorOf("4:spam", BencodeLimits.DEFAULT.withMaxStringLength(3)))
        .isEqualTo(BencodeError.STRING_TOO_LONG);
  }

  @Test
  void reportsRawSpansOfDictValues() throws Exception {
    String text = "d8:announce3:url4:infod4:name1:xe5:otheri1ee";
    BDict dict = (BDict) decode(text);
    Span info = dict.span("info").orElseThrow();
    assertThat(text.substring(info.start(), info.end())).isEqualTo("d4:name1:xe");
    Span other = dict.span("other").orElseThrow();
    assertThat(text.substring(other.start(), other.end())).isEqualTo("i1e");
    assertThat(dict.span("missing")).isEmpty();
  }

  @Test
  void spansAreIndicesIntoTheWholeArray() throws Exception {
    byte[] input = b("xxd1:ai5eeyy");
    BencodeDecoder decoder = new BencodeDecoder(BencodeLimits.DEFAULT);
    BDict dict = (BDict) decoder.decode(input, 2, 8);
    assertThat(dict.span("a").orElseThrow()).isEqualTo(new Span(6, 9));
  }

  @Test
  void prefixDecodingReportsTheEnd() throws Exception {
    byte[] input = b("d8:msg_typei1e5:piecei0eeRAWDATA");
    BencodeDecoder decoder =
        new BencodeDecoder(BencodeLimits.DEFAULT.withAllowTrailingData(true));
    BencodeDecoder.Decoded decoded = decoder.decodePrefix(input, 0, input.length);
    assertThat(decoded.end()).isEqualTo(input.length - 7);
    assertThat(((BDict) decoded.value()).getLong("piece")).contains(0L);
  }

  @Test
  void bytesViews() {
    BBytes bytes = BBytes.of(new byte[] {'a', (byte) 0xff});
    assertThat(bytes.asString()).isEqualTo("a\uFFFD");
    assertThat(bytes.asAscii()).isEqualTo("a\uFFFD");
    assertThat(bytes.asStrictUtf8OrNull()).isNull();
    assertThat(BBytes.of("é").asStrictUtf8OrNull()).isEqualTo("é");
    assertThat(BBytes.of("ab")).isEqualTo(BBytes.of(new byte[] {'a', 'b'})).hasSameHashCodeAs(
        BBytes.of("ab"));
    byte[] source = {1, 2};
    BBytes copy = BBytes.of(source);
    source[0] = 9;
    assertThat(copy.byteAt(0)).isEqualTo((byte) 1);
  }
}
