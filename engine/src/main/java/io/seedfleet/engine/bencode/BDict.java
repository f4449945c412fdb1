package io.seedfleet.engine.bencode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A bencoded dictionary ({@code d...e}). Keeps its keys in the order they were decoded or added;
 * the encoder sorts them. Keys are raw byte strings; the {@code String} lookups encode the key as
 * UTF-8. When decoded, the dictionary also knows the raw span of each value in the input.
 */
public final class BDict implements BValue {
  private final Map<BBytes, BValue> entries;
  /** Raw input spans of the values; empty for dictionaries that were built, not decoded. */
  private final Map<BBytes, Span> spans;

  BDict(LinkedHashMap<BBytes, BValue> entries, Map<BBytes, Span> spans) {
    this.entries = Collections.unmodifiableMap(entries);
    this.spans = Collections.unmodifiableMap(spans);
  }

  /** A builder that keeps insertion order and rejects nothing: the encoder sorts. */
  public static Builder builder() {
    return new Builder();
  }

  /** The entries in decoding (or insertion) order, unmodifiable. */
  public Map<BBytes, BValue> entries() {
    return entries;
  }

  /** The number of entries. */
  public int size() {
    return entries.size();
  }

  /** The value under {@code key}, or null. */
  public BValue getOrNull(String key) {
    return entries.get(BBytes.of(key));
  }

  /** The value under {@code key}. */
  public Optional<BValue> get(String key) {
    return Optional.ofNullable(getOrNull(key));
  }

  /** True when {@code key} is present. */
  public boolean containsKey(String key) {
    return entries.containsKey(BBytes.of(key));
  }

  /** The integer under {@code key}, or empty when absent or of another type. */
  public Optional<Long> getLong(String key) {
    return getOrNull(key) instanceof BInt i ? Optional.of(i.value()) : Optional.empty();
  }

  /** The byte string under {@code key}, or null when absent or of another type. */
  public BBytes getBytesOrNull(String key) {
    return getOrNull(key) instanceof BBytes b ? b : null;
  }

  /** The dictionary under {@code key}, or null when absent or of another type. */
  public BDict getDictOrNull(String key) {
    return getOrNull(key) instanceof BDict d ? d : null;
  }

  /** The list under {@code key}, or null when absent or of another type. */
  public BList getListOrNull(String key) {
    return getOrNull(key) instanceof BList l ? l : null;
  }

  /**
   * Where the value under {@code key} lay in the decoded input, byte for byte. Empty when the key
   * is absent or the dictionary was built rather than decoded.
   */
  public Optional<Span> span(String key) {
    return Optional.ofNullable(spans.get(BBytes.of(key)));
  }

  @Override
  public boolean equals(Object o) {
    // Order matters on the wire only through the encoder, which sorts; compare as maps.
    return o instanceof BDict other && entries.equals(other.entries);
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }

  @Override
  public String toString() {
    return entries.toString();
  }

  /** Builds a dictionary; later puts of the same key replace earlier ones. */
  public static final class Builder {
    private final LinkedHashMap<BBytes, BValue> entries = new LinkedHashMap<>();

    private Builder() {}

    /** Puts any value. */
    public Builder put(String key, BValue value) {
      entries.put(BBytes.of(key), value);
      return this;
    }

    /** Puts a value under a raw key. */
    public Builder put(BBytes key, BValue value) {
      entries.put(key, value);
      return this;
    }

    /** Puts an integer. */
    public Builder put(String key, long value) {
      return put(key, BInt.of(value));
    }

    /** Puts a UTF-8 string. */
    public Builder put(String key, String value) {
      return put(key, BBytes.of(value));
    }

    /** Puts raw bytes (copied). */
    public Builder put(String key, byte[] value) {
      return put(key, BBytes.of(value));
    }

    /** Puts a list of UTF-8 strings. */
    public Builder putStrings(String key, List<String> values) {
      return put(key, new BList(values.stream().<BValue>map(BBytes::of).toList()));
    }

    /** The dictionary; the builder may be reused afterwards. */
    public BDict build() {
      return new BDict(new LinkedHashMap<>(entries), Map.of());
    }
  }
}
