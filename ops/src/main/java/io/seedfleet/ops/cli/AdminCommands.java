package io.seedfleet.ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The admin verbs: each one API call, a table by default, {@code --json} on request, exit 1 with one line on error. */
final class AdminCommands {
  private AdminCommands() {}

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Add a .torrent to the fleet, or publish local content (--publish PATH); prints the info-hash.")
  static final class Add implements Callable<Integer> {
    @Mixin ApiOptions api;

    @Parameters(arity = "0..1", paramLabel = "FILE.torrent", description = "a .torrent file")
    Path torrent;

    @Option(names = "--publish", paramLabel = "PATH", description = "a file or directory on the node to publish and seed")
    String publish;

    @Option(names = "--replicas", defaultValue = "1", description = "nodes that keep a full copy (default: ${DEFAULT-VALUE})")
    int replicas;

    @Option(names = "--label", paramLabel = "LABEL", description = "a label (repeatable)")
    List<String> labels = new ArrayList<>();

    @Option(names = "--paused", description = "add it paused")
    boolean paused;

    @Override
    public Integer call() throws Exception {
      if ((torrent == null) == (publish == null)) {
        throw new CliException("give either a .torrent file or --publish PATH");
      }
      JsonNode reply;
      if (publish != null) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("publish", Path.of(publish).toAbsolutePath().toString())
            .put("replicas", replicas).put("paused", paused);
        labels.forEach(body.putArray("labels")::add);
        reply = api.client().post("/torrents", "application/json", body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      } else {
        if (!Files.isRegularFile(torrent)) {
          throw new CliException("no such file: " + torrent);
        }
        StringBuilder query = new StringBuilder("?replicas=").append(replicas).append("&paused=").append(paused);
        for (String label : labels) {
          query.append("&label=").append(java.net.URLEncoder.encode(label, java.nio.charset.StandardCharsets.UTF_8));
        }
        reply = api.client().post("/torrents" + query, "application/x-bittorrent", Files.readAllBytes(torrent));
      }
      System.out.println(api.json ? AdminClient.pretty(reply) : reply.path("infoHash").asText());
      return 0;
    }
  }

  @Command(name = "ls", mixinStandardHelpOptions = true, description = "List the fleet's torrents.")
  static final class Ls implements Callable<Integer> {
    @Mixin ApiOptions api;

    @Option(names = "--state", description = "only torrents in this state (seeding, downloading, paused, ...)")
    String state;

    @Option(names = "--label", description = "only torrents with this label")
    String label;

    @Override
    public Integer call() throws Exception {
      StringBuilder query = new StringBuilder();
      if (state != null) {
        query.append(query.isEmpty() ? "?" : "&").append("state=").append(state.toLowerCase(Locale.ROOT));
      }
      if (label != null) {
        query.append(query.isEmpty() ? "?" : "&").append("label=")
            .append(java.net.URLEncoder.encode(label, java.nio.charset.StandardCharsets.UTF_8));
      }
      JsonNode reply = api.client().get("/torrents" + query);
      if (api.json) {
        System.out.println(AdminClient.pretty(reply));
        return 0;
      }
      Table table = new Table("INFOHASH", "NAME", "STATE", "PROGRESS", "REPLICAS", "SIZE");
      for (JsonNode t : reply.path("torrents")) {
        table.row(t.path("infoHash").asText(), t.path("name").asText(), t.path("state").asText(),
            percent(t.path("progress").asDouble()), t.path("replicaCount").asText(), bytes(t.path("size").asLong()));
      }
      table.print(System.out);
      return 0;
    }
  }

  @Command(name = "info", mixinStandardHelpOptions = true, description = "Show one torrent and its replicas.")
  static final class Info implements Callable<Integer> {
    @Mixin ApiOptions api;

    @Parameters(paramLabel = "INFOHASH")
    String infoHash;

    @Option(names = "--watch", description = "refresh every 2 seconds until interrupted")
    boolean watch;

    @Override
    public Integer call() throws Exception {
      AdminClient client = api.client();
      do {
        JsonNode t = client.get("/torrents/" + infoHash);
        if (api.json) {
          System.out.println(AdminClient.pretty(t));
        } else {
          System.out.printf("%s  %s%nstate %s, progress %s, %d replica(s) wanted%n", t.path("infoHash").asText(),
              t.path("name").asText(), t.path("state").asText(), percent(t.path("progress").asDouble()),
              t.path("replicaCount").asInt());
          Table table = new Table("REPLICA", "NODE", "BITTORRENT", "STATE", "PROGRESS", "DOWN/S", "UP/S", "PEERS", "ERROR");
          for (JsonNode r : t.path("replicas")) {
            table.row(r.path("replica").asText(), r.path("node").asText(), r.path("btAddress").asText(),
                r.path("state").asText(), percent(r.path("progress").asDouble()), bytes(r.path("downloadRate").asLong()),
                bytes(r.path("uploadRate").asLong()), r.path("peers").asText(), r.path("error").asText(""));
          }
          table.print(System.out);
        }
        System.out.flush();
        if (watch) {
          Thread.sleep(2000);
        }
      } while (watch);
      return 0;
    }
  }

  @Command(name = "pause", mixinStandardHelpOptions = true, description = "Pause a torrent on every node.")
  static final class Pause implements Callable<Integer> {
    @Mixin ApiOptions api;
    @Parameters(paramLabel = "INFOHASH") String infoHash;

    @Override
    public Integer call() throws Exception {
      return action(api, infoHash, "pause", "paused");
    }
  }

  @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a paused torrent.")
  static final class Resume implements Callable<Integer> {
    @Mixin ApiOptions api;
    @Parameters(paramLabel = "INFOHASH") String infoHash;

    @Override
    public Integer call() throws Exception {
      return action(api, infoHash, "resume", "resumed");
    }
  }

  @Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove a torrent from the fleet (its data stays on disk).")
  static final class Rm implements Callable<Integer> {
    @Mixin ApiOptions api;
    @Parameters(paramLabel = "INFOHASH") String infoHash;

    @Override
    public Integer call() throws Exception {
      JsonNode reply = api.client().delete("/torrents/" + infoHash);
      System.out.println(api.json ? AdminClient.pretty(reply) : "removed " + infoHash);
      return 0;
    }
  }

  @Command(name = "recheck", mixinStandardHelpOptions = true,
      description = "Verify a torrent's data from disk again on every node that holds it.")
  static final class Recheck implements Callable<Integer> {
    @Mixin ApiOptions api;
    @Parameters(paramLabel = "INFOHASH") String infoHash;

    @Override
    public Integer call() throws Exception {
      return action(api, infoHash, "recheck", "recheck requested for");
    }
  }

  @Command(name = "nodes", mixinStandardHelpOptions = true, description = "List the fleet's members.")
  static final class Nodes implements Callable<Integer> {
    @Mixin ApiOptions api;

    @Override
    public Integer call() throws Exception {
      JsonNode reply = api.client().get("/nodes");
      if (api.json) {
        System.out.println(AdminClient.pretty(reply));
        return 0;
      }
      Table table = new Table("ADDRESS", "STATUS", "REACHABLE", "SELF");
      for (JsonNode n : reply.path("nodes")) {
        table.row(n.path("address").asText(), n.path("status").asText(), n.path("reachable").asText(),
            n.path("address").asText().equals(reply.path("self").asText()) ? "*" : "");
      }
      table.print(System.out);
      return 0;
    }
  }

  /** POSTs {@code /torrents/INFOHASH/ACTION} and reports it. */
  private static int action(ApiOptions api, String infoHash, String action, String done) throws CliException {
    JsonNode reply = api.client().post("/torrents/" + infoHash + "/" + action, "application/json", new byte[0]);
    System.out.println(api.json ? AdminClient.pretty(reply) : done + " " + infoHash);
    return 0;
  }

  static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
