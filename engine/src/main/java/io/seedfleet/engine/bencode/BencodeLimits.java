package io.seedfleet.engine.bencode;

/**
 * Limits and policy for one decode. Every limit is checked before the memory it guards is
 * allocated.
 *
 * @param maxDepth deepest allowed nesting of lists and dictionaries (the top-level container is
 *     depth 1)
 * @param maxStringLength longest allowed byte string
 * @param maxIntegerDigits most digits in an integer or string length (19 fits every int64)
 * @param maxTokens most values plus dictionary keys in the whole input
 * @param maxInputLength largest accepted input
 * @param strict true to require dictionary keys in ascending raw-byte order and no leading zeros
 *     in string lengths; integers never accept leading zeros, and duplicate keys are always
 *     rejected, in either mode, since two readers could otherwise disagree on the value
 * @param allowTrailingData true to accept bytes after the top-level value (see {@link
 *     BencodeDecoder#decodePrefix})
 */
public record BencodeLimits(
    int maxDepth,
    int maxStringLength,
    int maxIntegerDigits,
    int maxTokens,
    int maxInputLength,
    boolean strict,
    boolean allowTrailingData) {

  /** Lenient defaults sized for .torrent files: depth 100, 2,000,000 tokens, 10 MB. */
  public static final BencodeLimits DEFAULT =
      new BencodeLimits(100, 10_000_000, 19, 2_000_000, 10_000_000, false, false);

  public BencodeLimits {
    if (maxDepth < 1 || maxStringLength < 0 || maxTokens < 1 || maxInputLength < 0) {
      throw new IllegalArgumentException("limits must be positive");
    }
    if (maxIntegerDigits < 1 || maxIntegerDigits > 19) {
      throw new IllegalArgumentException("maxIntegerDigits must be 1..19, was " + maxIntegerDigits);
    }
  }

  /** A copy with strict mode switched on or off. */
  public BencodeLimits withStrict(boolean value) {
    return new BencodeLimits(
        maxDepth, maxStringLength, maxIntegerDigits, maxTokens, maxInputLength, value,
        allowTrailingData);
  }

  /** A copy that allows or rejects trailing data. */
  public BencodeLimits withAllowTrailingData(boolean value) {
    return new BencodeLimits(
        maxDepth, maxStringLength, maxIntegerDigits, maxTokens, maxInputLength, strict, value);
  }

  /** A copy with another maximum depth. */
  public BencodeLimits withMaxDepth(int value) {
    return new BencodeLimits(
        value, maxStringLength, maxIntegerDigits, maxTokens, maxInputLength, strict,
        allowTrailingData);
  }

  /** A copy with another token limit. */
  public BencodeLimits withMaxTokens(int value) {
    return new BencodeLimits(
        maxDepth, maxStringLength, maxIntegerDigits, value, maxInputLength, strict,
        allowTrailingData);
  }

  /** A copy with another input size limit. */
  public BencodeLimits withMaxInputLength(int value) {
    return new BencodeLimits(
        maxDepth, maxStringLength, maxIntegerDigits, maxTokens, value, strict, allowTrailingData);
  }

  /** A copy with another string length limit. */
  public BencodeLimits withMaxStringLength(int value) {
    return new BencodeLimits(
        maxDepth, value, maxIntegerDigits, maxTokens, maxInputLength, strict, allowTrailingData);
  }
}
