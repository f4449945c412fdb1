package io.seedfleet.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A fleet node in its own JVM, for tests that kill it with SIGKILL. Arguments: data dir, then the
 * seed node host:port. Prints {@code FLEET-NODE-UP <cluster address>} once it is a member.
 */
public final class FleetNodeMain {

  private FleetNodeMain() {}

  public static void main(String[] args) throws Exception {
    FleetNode node = FleetFixtures.node(Path.of(args[0]), List.of(args[1])).awaitUp(Duration.ofSeconds(60));
    System.out.println("FLEET-NODE-UP " + node.clusterAddress());
    System.out.flush();
    node.system().getWhenTerminated().toCompletableFuture().join();
  }
}
