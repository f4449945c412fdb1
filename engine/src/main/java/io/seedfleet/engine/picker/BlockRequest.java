package io.seedfleet.engine.picker;

/** One 16 KiB (or shorter, at the end) block to request from a peer. */
public record BlockRequest(int piece, int begin, int length) {}
