package io.seedfleet.engine.bencode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Objects;

/**
 * Decodes bencode iteratively, with an explicit stack, so that hostile nesting cannot overflow
 * the thread's stack. Each limit of {@link BencodeLimits} is checked before the memory it guards
 * is allocated: a string's length prefix is compared with the bytes actually left before its
 * bytes are copied, so {@code 100000000:abc} fails with {@link BencodeError#UNEXPECTED_EOF}
 * without a 100 MB allocation.
 *
 * <p>Offsets (in errors, in {@link Span}s and in {@link Decoded#end()}) are indices into the
 * array passed in, not relative to the decoded range. Instances are immutable and thread-safe.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0003.html">BEP 3: bencoding</a>
 */
public final class BencodeDecoder {
  private final BencodeLimits limits;

  public BencodeDecoder(BencodeLimits limits) {
    this.limits = Objects.requireNonNull(limits);
  }

  /** The limits this decoder enforces. */
  public BencodeLimits limits() {
    return limits;
  }

  /** A decoded value and the index just after it. */
  public record Decoded(BValue value, int end) {}

  /** Decodes the whole array as exactly one value (or a prefix, if trailing data is allowed). */
  public BValue decode(byte[] input) throws BencodeException {
    return decode(input, 0, input.length);
  }

  /**
   * Decodes {@code length} bytes of {@code input} from {@code offset} as one value. Bytes after
   * the value are rejected with {@link BencodeError#TRAILING_DATA} unless the limits allow them.
   */
  public BValue decode(byte[] input, int offset, int length) throws BencodeException {
    return decodePrefix(input, offset, length).value();
  }

  /**
   * Decodes one value at the start of the range and says where it ended. Callers that expect
   * more data after the value (a ut_metadata piece, say) must use limits that allow trailing
   * data; otherwise {@code end} is always {@code offset + length}.
   */
  public Decoded decodePrefix(byte[] input, int offset, int length) throws BencodeException {
    Objects.checkFromIndexSize(offset, length, input.length);
    if (length > limits.maxInputLength()) {
      throw new BencodeException(
          BencodeError.INPUT_TOO_LARGE,
          offset,
          "input of " + length + " bytes exceeds the limit of " + limits.maxInputLength());
    }
    return new Run(input, offset, offset + length).run();
  }

  /** One open list or dictionary on the explicit stack. */
  private static final class Frame {
    final int start;
    final ArrayList<BValue> list;
    final LinkedHashMap<BBytes, BValue> map;
    final HashMap<BBytes, Span> spans;
    /** The key whose value is being decoded; null between entries. */
    BBytes pendingKey;
    /** The last complete key, for the strict order check. */
    BBytes lastKey;

    Frame(int start, boolean dict) {
      this.start = start;
      this.list = dict ? null : new ArrayList<>();
      this.map = dict ? new LinkedHashMap<>() : null;
      this.spans = dict ? new HashMap<>() : null;
    }

    boolean isDict() {
      return map != null;
    }

    void add(BValue value, int valueStart, int valueEnd) {
      if (map == null) {
        list.add(value);
      } else {
        map.put(pendingKey, value);
        spans.put(pendingKey, new Span(valueStart, valueEnd));
        lastKey = pendingKey;
        pendingKey = null;
      }
    }

    BValue finish() {
      return map == null ? new BList(list) : new BDict(map, spans);
    }
  }

  /** The mutable state of one decode. */
  private final class Run {
    private final byte[] in;
    private final int end;
    private final ArrayDeque<Frame> stack = new ArrayDeque<>();
    private int pos;
    private int tokens;
    private BValue root;

    Run(byte[] in, int start, int end) {
      this.in = in;
      this.pos = start;
      this.end = end;
    }

    Decoded run() throws BencodeException {
      while (true) {
        Frame top = stack.peek();
        if (pos >= end) {
          throw error(
              BencodeError.UNEXPECTED_EOF,
              pos,
              top == null ? "no value" : "input ended inside a " + (top.isDict() ? "dict" : "list"));
        }
        byte c = in[pos];
        if (top != null && c == 'e') {
          if (top.pendingKey != null) {
            throw error(BencodeError.INVALID_BENCODING, pos, "dictionary key without a value");
          }
          pos++;
          stack.pop();
          if (deliver(top.finish(), top.start, pos)) {
            break;
          }
          continue;
        }
        if (top != null && top.isDict() && top.pendingKey == null) {
          readKey(top);
          continue;
        }
        int valueStart = pos;
        countToken();
        BValue value;
        if (c == 'i') {
          value = readInt();
        } else if (c >= '0' && c <= '9') {
          value = readBytes();
        } else if (c == 'l' || c == 'd') {
          if (stack.size() >= limits.maxDepth()) {
            throw error(
                BencodeError.DEPTH_EXCEEDED, pos, "nesting deeper than " + limits.maxDepth());
          }
          stack.push(new Frame(pos, c == 'd'));
          pos++;
          continue;
        } else {
          throw error(BencodeError.INVALID_BENCODING, pos, "unexpected byte 0x" + hex(c));
        }
        if (deliver(value, valueStart, pos)) {
          break;
        }
      }
      if (pos != end && !limits.allowTrailingData()) {
        throw error(
            BencodeError.TRAILING_DATA, pos, (end - pos) + " bytes after the top-level value");
      }
      return new Decoded(root, pos);
    }

    /** Adds a finished value to its parent; returns true when it was the top-level value. */
    private boolean deliver(BValue value, int start, int stop) {
      Frame parent = stack.peek();
      if (parent == null) {
        root = value;
        return true;
      }
      parent.add(value, start, stop);
      return false;
    }

    private void readKey(Frame dict) throws BencodeException {
      int keyStart = pos;
      byte c = in[pos];
      if (c < '0' || c > '9') {
        throw error(BencodeError.INVALID_BENCODING, pos, "dictionary key is not a byte string");
      }
      countToken();
      BBytes key = readBytes();
      if (dict.map.containsKey(key)) {
        throw error(BencodeError.DUPLICATE_KEY, keyStart, "duplicate key " + key);
      }
      if (limits.strict() && dict.lastKey != null && key.compareTo(dict.lastKey) < 0) {
        throw error(
            BencodeError.UNSORTED_KEYS, keyStart, "key " + key + " after " + dict.lastKey);
      }
      dict.pendingKey = key;
    }

    private void countToken() throws BencodeException {
      if (++tokens > limits.maxTokens()) {
        throw error(BencodeError.TOKEN_LIMIT, pos, "more than " + limits.maxTokens() + " tokens");
      }
    }

    /** Reads {@code i<digits>e} at pos. */
    private BInt readInt() throws BencodeException {
      int start = pos;
      int p = pos + 1;
      boolean negative = p < end && in[p] == '-';
      if (negative) {
        p++;
      }
      int firstDigit = p;
      long value = 0; // accumulated as a negative number so that Long.MIN_VALUE fits
      int digits = 0;
      while (true) {
        if (p >= end) {
          throw error(BencodeError.UNEXPECTED_EOF, p, "input ended inside an integer");
        }
        byte b = in[p];
        if (b == 'e') {
          break;
        }
        if (b < '0' || b > '9') {
          throw error(BencodeError.INVALID_BENCODING, p, "bad byte 0x" + hex(b) + " in integer");
        }
        if (++digits > limits.maxIntegerDigits()) {
          throw error(BencodeError.OVERFLOW, start, "integer has too many digits");
        }
        try {
          value = Math.subtractExact(Math.multiplyExact(value, 10), b - '0');
        } catch (ArithmeticException e) {
          throw error(BencodeError.OVERFLOW, start, "integer does not fit in 64 bits");
        }
        p++;
      }
      if (digits == 0) {
        throw error(BencodeError.INVALID_BENCODING, start, "integer without digits");
      }
      if (in[firstDigit] == '0' && (digits > 1 || negative)) {
        throw error(BencodeError.LEADING_ZERO, start, "integer with a leading zero or -0");
      }
      if (!negative) {
        if (value == Long.MIN_VALUE) {
          throw error(BencodeError.OVERFLOW, start, "integer does not fit in 64 bits");
        }
        value = -value;
      }
      pos = p + 1;
      return BInt.of(value);
    }

    /** Reads {@code <length>:<bytes>} at pos, checking the length before copying. */
    private BBytes readBytes() throws BencodeException {
      int start = pos;
      int p = pos;
      long length = 0;
      int digits = 0;
      while (true) {
        if (p >= end) {
          throw error(BencodeError.UNEXPECTED_EOF, p, "input ended inside a string length");
        }
        byte b = in[p];
        if (b == ':') {
          break;
        }
        if (b < '0' || b > '9') {
          throw error(
              BencodeError.INVALID_BENCODING, p, "bad byte 0x" + hex(b) + " in string length");
        }
        if (++digits > limits.maxIntegerDigits()) {
          throw error(BencodeError.OVERFLOW, start, "string length has too many digits");
        }
        try {
          length = Math.addExact(Math.multiplyExact(length, 10), b - '0');
        } catch (ArithmeticException e) {
          throw error(BencodeError.OVERFLOW, start, "string length does not fit in 64 bits");
        }
        p++;
      }
      if (digits == 0) {
        throw error(BencodeError.INVALID_BENCODING, start, "string without a length");
      }
      if (limits.strict() && digits > 1 && in[start] == '0') {
        throw error(BencodeError.LEADING_ZERO, start, "string length with a leading zero");
      }
      p++; // the ':'
      if (length > end - p) {
        throw error(
            BencodeError.UNEXPECTED_EOF,
            start,
            "string of " + length + " bytes but only " + (end - p) + " left");
      }
      if (length > limits.maxStringLength()) {
        throw error(
            BencodeError.STRING_TOO_LONG,
            start,
            "string of " + length + " bytes exceeds the limit of " + limits.maxStringLength());
      }
      pos = p + (int) length;
      return BBytes.of(in, p, (int) length);
    }

    private BencodeException error(BencodeError code, int offset, String message) {
      return new BencodeException(code, offset, message);
    }
  }

  private static String hex(byte b) {
    return String.format("%02x", b & 0xff);
  }
}
