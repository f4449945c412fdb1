package io.seedfleet.ops.cli;

import io.seedfleet.engine.discovery.LsdConfig;
import io.seedfleet.engine.session.SessionConfig;
import java.net.InetSocketAddress;
import picocli.CommandLine.Option;

/** How the verbs that run an engine find peers beyond the ones given with --peer. */
final class DiscoveryOptions {
  @Option(names = "--no-lsd", description = "do not announce or look for peers on the local network (BEP 14)")
  boolean noLsd;

  SessionConfig sessionConfig(InetSocketAddress listen) {
    return SessionConfig.defaults(listen).withLsd(noLsd ? LsdConfig.off() : LsdConfig.on());
  }
}
