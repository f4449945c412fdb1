package io.seedfleet.engine.trackerd;

import io.seedfleet.engine.wire.PeerId;
import java.net.InetSocketAddress;

/** A peer as the tracker hands it out or reports it. */
public record TrackedPeer(PeerId peerId, InetSocketAddress address, boolean seed) {}
