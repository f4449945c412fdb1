package io.seedfleet.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Counts peer messages and their bytes, so that JMH reports messages per second ({@code
 * :messages}) and bytes per second ({@code :bytes}) next to the operation rate.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class WireCounters {
  public long messages;
  public long bytes;

  @Setup(Level.Iteration)
  public void reset() {
    messages = 0;
    bytes = 0;
  }
}
