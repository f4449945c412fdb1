package io.seedfleet.engine.bencode;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A bencoded byte string ({@code 4:spam}). Bencode strings are raw bytes: they may hold UTF-8
 * text, binary hashes, or anything else, so the text views are explicit. Immutable; compares by
 * content.
 */
public final class BBytes implements BValue, Comparable<BBytes> {
  /** The empty string; the decoder shares it. */
  public static final BBytes EMPTY = new BBytes(new byte[0]);

  private final byte[] bytes;
  private final int hash;

  private BBytes(byte[] bytes) {
    this.bytes = bytes;
    this.hash = Arrays.hashCode(bytes);
  }

  /** Copies {@code bytes}. */
  public static BBytes of(byte[] bytes) {
    return bytes.length == 0 ? EMPTY : new BBytes(bytes.clone());
  }

  /** Copies {@code length} bytes of {@code source} from {@code offset}. */
  public static BBytes of(byte[] source, int offset, int length) {
    return length == 0 ? EMPTY : new BBytes(Arrays.copyOfRange(source, offset, offset + length));
  }

  /** The UTF-8 encoding of {@code text}. */
  public static BBytes of(String text) {
    return of(text.getBytes(StandardCharsets.UTF_8));
  }

  /** A copy of the bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The number of bytes. */
  public int length() {
    return bytes.length;
  }

  /** The byte at {@code index}. */
  public byte byteAt(int index) {
    return bytes[index];
  }

  /** Compares with {@code length} bytes of {@code other} at {@code offset} without copying. */
  public boolean contentEquals(byte[] other, int offset, int length) {
    return length == bytes.length && Arrays.equals(bytes, 0, length, other, offset, offset + length);
  }

  /** Copies the bytes into {@code target} at {@code offset}. */
  public void copyTo(byte[] target, int offset) {
    System.arraycopy(bytes, 0, target, offset, bytes.length);
  }

  /** Decodes as UTF-8, replacing malformed sequences with U+FFFD. Never fails. */
  public String asString() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Decodes as strict UTF-8, or returns null when the bytes are not valid UTF-8. */
  public String asStrictUtf8OrNull() {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** Decodes as US-ASCII; bytes above 0x7f become U+FFFD. For protocol keywords. */
  public String asAscii() {
    return new String(bytes, StandardCharsets.US_ASCII);
  }

  /** Compares bytes as unsigned, the order bencode requires for dictionary keys. */
  @Override
  public int compareTo(BBytes o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BBytes other && hash == other.hash && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /** Printable text when the bytes are printable ASCII, else hex; capped for logs. */
  @Override
  public String toString() {
    int shown = Math.min(bytes.length, 64);
    boolean printable = true;
    for (int i = 0; i < shown && printable; i++) {
      printable = bytes[i] >= 0x20 && bytes[i] < 0x7f;
    }
    String text =
        printable
            ? new String(bytes, 0, shown, StandardCharsets.US_ASCII)
            : "0x" + HexFormat.of().formatHex(bytes, 0, shown);
    return bytes.length > shown ? text + "...(" + bytes.length + " bytes)" : text;
  }
}
