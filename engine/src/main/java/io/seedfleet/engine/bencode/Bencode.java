package io.seedfleet.engine.bencode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Entry points for bencode: decoding with {@link BencodeLimits#DEFAULT} or given limits, and
 * canonical encoding (dictionary keys sorted by raw bytes, as BEP 3 requires).
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0003.html">BEP 3: bencoding</a>
 */
public final class Bencode {
  private static final BencodeDecoder DEFAULT_DECODER = new BencodeDecoder(BencodeLimits.DEFAULT);

  private Bencode() {}

  /** Decodes exactly one value with the lenient default limits. */
  public static BValue decode(byte[] input) throws BencodeException {
    return DEFAULT_DECODER.decode(input);
  }

  /** Decodes exactly one value (or a prefix, if allowed) with the given limits. */
  public static BValue decode(byte[] input, BencodeLimits limits) throws BencodeException {
    return new BencodeDecoder(limits).decode(input);
  }

  /**
   * Encodes canonically. Recursion here is bounded by the depth of values we build or decoded
   * under a depth limit, never by raw attacker input.
   */
  public static byte[] encode(BValue value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(value, out);
    return out.toByteArray();
  }

  private static void write(BValue value, ByteArrayOutputStream out) {
    switch (value) {
      case BInt i -> {
        out.write('i');
        ascii(Long.toString(i.value()), out);
        out.write('e');
      }
      case BBytes b -> {
        ascii(Integer.toString(b.length()), out);
        out.write(':');
        out.writeBytes(b.bytes());
      }
      case BList l -> {
        out.write('l');
        for (BValue element : l.values()) {
          write(element, out);
        }
        out.write('e');
      }
      case BDict d -> {
        out.write('d');
        List<Map.Entry<BBytes, BValue>> sorted = new ArrayList<>(d.entries().entrySet());
        sorted.sort(Map.Entry.comparingByKey());
        for (Map.Entry<BBytes, BValue> entry : sorted) {
          write(entry.getKey(), out);
          write(entry.getValue(), out);
        }
        out.write('e');
      }
    }
  }

  private static void ascii(String digits, ByteArrayOutputStream out) {
    out.writeBytes(digits.getBytes(StandardCharsets.US_ASCII));
  }
}
