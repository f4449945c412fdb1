package io.seedfleet.engine.choke;

import java.util.Set;

/** The peers to unchoke this round (everyone else is choked); {@code optimistic} is -1 when none. */
public record ChokeDecision(Set<Integer> unchoked, int optimistic) {}
