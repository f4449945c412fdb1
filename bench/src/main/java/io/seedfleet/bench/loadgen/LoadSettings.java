package io.seedfleet.bench.loadgen;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What the fake peers do.
 *
 * @param node the BitTorrent address of the node under test
 * @param torrent the .torrent the peers claim to want (info-hash, piece geometry for requests)
 * @param threads selector threads; connections are spread evenly over them
 * @param rampPerSecond new connections started per second, all threads together
 * @param maxPending connects (and handshakes) in flight at once, all threads together: kept well
 *     under the node's accept backlog, so the ramp, not the backlog, is what paces connecting
 * @param requestInterval how often an unchoked peer asks for one block; zero for never (idle peers)
 * @param keepAlive how often a peer sends a keep-alive when it has sent nothing else
 * @param fast whether peers set the fast extension bit (BEP 6)
 * @param extensionProtocol whether peers set the extension protocol bit (BEP 10)
 */
record LoadSettings(InetSocketAddress node, Path torrent, int threads, int rampPerSecond, int maxPending,
    Duration requestInterval, Duration keepAlive, boolean fast, boolean extensionProtocol) {

  LoadSettings {
    if (threads < 1 || rampPerSecond < 1 || maxPending < 1) {
      throw new IllegalArgumentException("threads, ramp and pending must be at least 1");
    }
    if (requestInterval.isNegative() || keepAlive.isNegative() || keepAlive.isZero()) {
      throw new IllegalArgumentException("the request interval must be >= 0 and the keep-alive > 0");
    }
  }

  static final String USAGE = """
      usage: FakePeers --port PORT --torrent FILE [--host 127.0.0.1] [--threads 1] [--ramp 1000]
                       [--pending 256] [--request-every-ms 0] [--keepalive-s 120] [--no-fast] [--no-extensions]
      Then, on standard input: `target N` (keep N connections open), `quit`. A status line
      (key=value pairs) goes to standard output every second.""";

  /** Parses command-line flags; throws {@link IllegalArgumentException} with the usage on a bad one. */
  static LoadSettings parse(String[] args) {
    String host = "127.0.0.1";
    Integer port = null;
    Path torrent = null;
    int threads = 1;
    int ramp = 1000;
    int pending = 256;
    long requestMillis = 0;
    long keepAliveSeconds = 120;
    boolean fast = true;
    boolean extensions = true;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      switch (flag) {
        case "--no-fast" -> fast = false;
        case "--no-extensions" -> extensions = false;
        default -> {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException("missing value of " + flag + "\n" + USAGE);
          }
          String value = args[++i];
          switch (flag) {
            case "--host" -> host = value;
            case "--port" -> port = number(flag, value);
            case "--torrent" -> torrent = Path.of(value);
            case "--threads" -> threads = number(flag, value);
            case "--ramp" -> ramp = number(flag, value);
            case "--pending" -> pending = number(flag, value);
            case "--request-every-ms" -> requestMillis = number(flag, value);
            case "--keepalive-s" -> keepAliveSeconds = number(flag, value);
            default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + USAGE);
          }
        }
      }
    }
    if (port == null || torrent == null) {
      throw new IllegalArgumentException("--port and --torrent are required\n" + USAGE);
    }
    return new LoadSettings(new InetSocketAddress(host, port), torrent, threads, ramp, pending,
        Duration.ofMillis(requestMillis), Duration.ofSeconds(keepAliveSeconds), fast, extensions);
  }

  private static int number(String flag, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " takes a whole number, not " + value + "\n" + USAGE);
    }
  }
}
