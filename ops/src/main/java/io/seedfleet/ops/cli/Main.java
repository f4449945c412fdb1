package io.seedfleet.ops.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code seedfleet} command: one entry point for the node daemon and every CLI verb. */
@Command(
    name = "seedfleet",
    mixinStandardHelpOptions = true,
    version = "seedfleet 0.1.0",
    description = "A BitTorrent engine and a fleet of them acting as one seedbox.",
    subcommands = {
      NodeCommand.class, AdminCommands.Add.class, AdminCommands.Ls.class, AdminCommands.Info.class,
      AdminCommands.Pause.class, AdminCommands.Resume.class, AdminCommands.Rm.class, AdminCommands.Nodes.class,
      AdminCommands.Recheck.class, StatsCommand.class, LimitCommand.class,
      CreateCommand.class, GetCommand.class, SeedCommand.class, SelftestCommand.class,
      CommandLine.HelpCommand.class})
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    // Initialise logging before Pekko starts its logger on another thread, so no early log line
    // is replayed with a warning.
    org.slf4j.LoggerFactory.getILoggerFactory();
    System.exit(run(args));
  }

  /** Runs the command line and returns the process exit code, without exiting. */
  public static int run(String... args) {
    return new CommandLine(new Main())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          if (e instanceof CliException) {
            cmd.getErr().println("seedfleet: " + e.getMessage());
            return 1;
          }
          throw e;
        })
        .execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
