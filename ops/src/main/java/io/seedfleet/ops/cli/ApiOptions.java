package io.seedfleet.ops.cli;

import picocli.CommandLine.Option;

/** Where the admin verbs find a node's API, and how they print. */
final class ApiOptions {
  @Option(names = "--api", paramLabel = "URL",
      description = "the node's admin API (default: $SEEDFLEET_API, else http://" + NodeCommand.DEFAULT_API + ")")
  String api;

  @Option(names = "--token", paramLabel = "TOKEN", description = "bearer token (default: $SEEDFLEET_TOKEN)")
  String token;

  @Option(names = "--json", description = "print the API's JSON instead of a table")
  boolean json;

  AdminClient client() throws CliException {
    String url = api != null ? api : System.getenv().getOrDefault("SEEDFLEET_API", "http://" + NodeCommand.DEFAULT_API);
    String bearer = token != null ? token : System.getenv("SEEDFLEET_TOKEN");
    return new AdminClient(url, bearer);
  }
}
