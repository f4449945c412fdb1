package io.seedfleet.engine.bencode;

import java.util.List;

/** A bencoded list ({@code l...e}). The list is unmodifiable. */
public record BList(List<BValue> values) implements BValue {
  public BList {
    values = List.copyOf(values);
  }

  /** The number of elements. */
  public int size() {
    return values.size();
  }

  /** The element at {@code index}. */
  public BValue get(int index) {
    return values.get(index);
  }
}
