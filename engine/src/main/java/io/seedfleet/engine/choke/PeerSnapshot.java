package io.seedfleet.engine.choke;

/**
 * What the choker knows about one connection at the start of a round.
 *
 * @param downloadRate bytes per second the peer sends us
 * @param uploadRate bytes per second we send the peer
 * @param unchoked whether we currently unchoke the peer
 * @param unchokedAtNanos when we last unchoked it (for seed-mode rotation)
 * @param isSeed the peer has every piece
 */
public record PeerSnapshot(int peer, boolean interested, boolean snubbed, long downloadRate, long uploadRate,
    boolean unchoked, long unchokedAtNanos, boolean isSeed) {}
