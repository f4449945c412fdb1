package io.seedfleet.engine.choke;

import java.util.OptionalInt;
import java.util.Set;

/**
 * The outcome of one choking round: unchoke exactly {@code unchoked}, choke everyone else.
 *
 * @param unchoked the peers to unchoke, the optimistic one included
 * @param optimistic the optimistic unchoke, if any; always a member of {@code unchoked}
 */
public record ChokeDecision(Set<Integer> unchoked, OptionalInt optimistic) {
  public ChokeDecision {
    unchoked = Set.copyOf(unchoked);
    if (optimistic.isPresent() && !unchoked.contains(optimistic.getAsInt())) {
      throw new IllegalArgumentException("the optimistic peer must be unchoked");
    }
  }
}
