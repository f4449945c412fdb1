package io.seedfleet.ops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code seedfleet limit}: shows or changes the fleet-wide engine policy, or one torrent's limits
 * when an info-hash is given. Rates take a unit (e.g. {@code 500k}, {@code 10M}: bytes per second,
 * powers of 1024); 0 means no limit.
 */
@Command(name = "limit", mixinStandardHelpOptions = true,
    description = {"Show or set rate, connection and queue limits: fleet-wide, or for one torrent with INFOHASH.",
        "Rates are bytes per second with an optional k/M/G suffix (1024-based); 0 = unlimited."})
final class LimitCommand implements Callable<Integer> {
  @Mixin ApiOptions api;

  @Parameters(paramLabel = "INFOHASH", arity = "0..1", description = "a torrent; without it the fleet-wide settings")
  String infoHash;

  @Option(names = "--up", paramLabel = "RATE", description = "upload limit") String up;
  @Option(names = "--down", paramLabel = "RATE", description = "download limit") String down;
  @Option(names = "--connections", paramLabel = "N", description = "peer connection cap (0 = default)") Integer connections;
  @Option(names = "--max-downloads", paramLabel = "N", description = "fleet: torrents downloading at once per node") Integer maxDownloads;
  @Option(names = "--max-seeds", paramLabel = "N", description = "fleet: torrents seeding at once per node") Integer maxSeeds;
  @Option(names = "--seed-ratio", paramLabel = "X", description = "fleet: stop seeding at this ratio (0 = never)") Double seedRatio;
  @Option(names = "--seed-time", paramLabel = "DURATION", description = "fleet: stop seeding after e.g. 90m, 12h, 7d (0 = never)")
  String seedTime;

  @Override
  public Integer call() throws Exception {
    return infoHash == null ? fleet() : torrent();
  }

  private int fleet() throws CliException {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    if (up != null) {
      body.put("uploadLimit", rate(up));
    }
    if (down != null) {
      body.put("downloadLimit", rate(down));
    }
    putCount(body, "maxConnections", connections);
    putCount(body, "maxActiveDownloads", maxDownloads);
    putCount(body, "maxActiveSeeds", maxSeeds);
    if (seedRatio != null) {
      if (!(seedRatio >= 0) || seedRatio.isInfinite()) {
        throw new CliException("--seed-ratio must be 0 or more");
      }
      body.put("seedRatio", seedRatio);
    }
    if (seedTime != null) {
      body.put("seedTimeSeconds", duration(seedTime).toSeconds());
    }
    JsonNode reply = body.isEmpty() ? api.client().get("/settings") : api.client().put("/settings", body.toString());
    if (api.json) {
      System.out.println(AdminClient.pretty(reply));
      return 0;
    }
    Table table = new Table("SETTING", "VALUE");
    table.row("source", reply.path("source").asText());
    table.row("upload limit", rateText(reply.path("uploadLimit").asLong()));
    table.row("download limit", rateText(reply.path("downloadLimit").asLong()));
    table.row("connections", countText(reply.path("maxConnections").asLong(), "node default"));
    table.row("active downloads", countText(reply.path("maxActiveDownloads").asLong(), "no limit"));
    table.row("active seeds", countText(reply.path("maxActiveSeeds").asLong(), "no limit"));
    table.row("seed ratio", reply.path("seedRatio").asDouble() == 0 ? "none" : reply.path("seedRatio").asText());
    table.row("seed time", reply.path("seedTimeSeconds").asLong() == 0 ? "none" : reply.path("seedTimeSeconds").asText() + " s");
    table.print(System.out);
    return 0;
  }

  private int torrent() throws CliException {
    if (maxDownloads != null || maxSeeds != null || seedRatio != null || seedTime != null) {
      throw new CliException("queue and seed-goal options are fleet-wide: drop INFOHASH to set them");
    }
    JsonNode current = api.client().get("/torrents/" + infoHash).path("limits");
    if (up == null && down == null && connections == null) {
      if (api.json) {
        System.out.println(AdminClient.pretty(current));
        return 0;
      }
      printTorrent(current.path("uploadLimit").asLong(), current.path("downloadLimit").asLong(),
          current.path("maxConnections").asLong());
      return 0;
    }
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("uploadLimit", up != null ? rate(up) : current.path("uploadLimit").asLong());
    body.put("downloadLimit", down != null ? rate(down) : current.path("downloadLimit").asLong());
    body.put("maxConnections", connections != null ? nonNegative("--connections", connections)
        : current.path("maxConnections").asLong());
    JsonNode reply = api.client().put("/torrents/" + infoHash + "/limits", body.toString());
    if (api.json) {
      System.out.println(AdminClient.pretty(reply));
      return 0;
    }
    printTorrent(reply.path("uploadLimit").asLong(), reply.path("downloadLimit").asLong(), reply.path("maxConnections").asLong());
    return 0;
  }

  private void printTorrent(long upload, long download, long maxConnections) {
    Table table = new Table("LIMIT", "VALUE");
    table.row("upload", rateText(upload));
    table.row("download", rateText(download));
    table.row("connections", countText(maxConnections, "node default"));
    table.print(System.out);
  }

  private static void putCount(ObjectNode body, String field, Integer value) throws CliException {
    if (value != null) {
      body.put(field, nonNegative(field, value));
    }
  }

  private static int nonNegative(String what, int value) throws CliException {
    if (value < 0) {
      throw new CliException(what + " must be 0 or more");
    }
    return value;
  }

  /** {@code 0}, {@code 512k}, {@code 10M}, {@code 1.5G}: bytes per second, 1024-based units. */
  static long rate(String text) throws CliException {
    String t = text.trim().toLowerCase(Locale.ROOT).replace("/s", "").replace("ib", "").replace("b", "");
    long unit = 1;
    if (!t.isEmpty() && "kmg".indexOf(t.charAt(t.length() - 1)) >= 0) {
      unit = 1L << (10 * ("kmg".indexOf(t.charAt(t.length() - 1)) + 1));
      t = t.substring(0, t.length() - 1);
    }
    try {
      double value = Double.parseDouble(t);
      if (value >= 0 && value * unit < Long.MAX_VALUE / 2) {
        return Math.round(value * unit);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new CliException("not a rate: '" + text + "' (use e.g. 0, 500k, 10M)");
  }

  /** {@code 0}, {@code 90s}, {@code 90m}, {@code 12h}, {@code 7d}. */
  static Duration duration(String text) throws CliException {
    String t = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (t.equals("0")) {
        return Duration.ZERO;
      }
      long n = Long.parseLong(t.substring(0, t.length() - 1));
      if (n >= 0) {
        switch (t.charAt(t.length() - 1)) {
          case 's' -> { return Duration.ofSeconds(n); }
          case 'm' -> { return Duration.ofMinutes(n); }
          case 'h' -> { return Duration.ofHours(n); }
          case 'd' -> { return Duration.ofDays(n); }
          default -> { }
        }
      }
    } catch (NumberFormatException | StringIndexOutOfBoundsException | ArithmeticException e) {
      // reported below
    }
    throw new CliException("not a duration: '" + text + "' (use e.g. 0, 90m, 12h, 7d)");
  }

  private static String rateText(long bytesPerSecond) {
    return bytesPerSecond == 0 ? "unlimited" : AdminCommands.bytes(bytesPerSecond) + "/s";
  }

  private static String countText(long n, String zero) {
    return n == 0 ? zero : Long.toString(n);
  }
}
