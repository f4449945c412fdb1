package io.seedfleet.bench.loadgen;

import io.seedfleet.engine.metainfo.Metainfo;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * A load generator: many lightweight fake BitTorrent peers of one torrent, connecting to one node,
 * in a process of their own so that the node's figures are its own. Each peer handshakes (BEP 3),
 * reads and discards what the node sends, says it is interested, and, if asked to, requests a block
 * now and then while unchoked; all of them run on one or a few selector threads.
 *
 * <p>Driven through standard input ({@code target N}, {@code quit}); prints a status line every
 * second. {@code bench/connections.py} runs it against a node; see docs/BENCHMARKS.md.
 */
public final class FakePeers {
  private FakePeers() {}

  public static void main(String[] args) throws Exception {
    LoadSettings settings;
    try {
      settings = LoadSettings.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    Metainfo torrent = Metainfo.parse(Files.readAllBytes(settings.torrent()));
    byte[] runId = new byte[4];
    new SecureRandom().nextBytes(runId);
    LoadCounters counters = new LoadCounters();
    List<FakePeerLoop> loops = new ArrayList<>();
    for (int i = 0; i < settings.threads(); i++) {
      FakePeerLoop loop = new FakePeerLoop(settings, torrent, counters, i, runId);
      loops.add(loop);
      Thread thread = new Thread(loop, "fake-peers-" + i);
      thread.setDaemon(true);
      thread.start();
    }
    long start = System.nanoTime();
    int[] target = {0};
    Thread printer = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        try {
          Thread.sleep(1000);
        } catch (InterruptedException e) {
          return;
        }
        System.out.println(counters.statusLine((System.nanoTime() - start) / 1e9, target[0], loops));
        System.out.flush();
      }
    }, "fake-peers-status");
    printer.setDaemon(true);
    printer.start();
    System.out.println("ready torrent=" + torrent.infoHash().hex() + " threads=" + settings.threads());
    System.out.flush();

    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      String[] words = line.trim().split("\\s+");
      if (words[0].equals("quit")) {
        break;
      }
      if (words[0].equals("target") && words.length == 2) {
        target[0] = Integer.parseInt(words[1]);
        for (int i = 0; i < loops.size(); i++) {
          loops.get(i).setTarget(share(target[0], loops.size(), i));
        }
      } else if (!words[0].isEmpty()) {
        System.err.println("unknown command: " + line + " (target N | quit)");
      }
    }
    loops.forEach(FakePeerLoop::stop);
    printer.interrupt();
    Thread.sleep(200);
    System.out.println(counters.statusLine((System.nanoTime() - start) / 1e9, target[0], loops));
  }

  /** Thread {@code index}'s part of {@code total} connections, the first ones taking the remainder. */
  static int share(int total, int threads, int index) {
    return total / threads + (index < total % threads ? 1 : 0);
  }
}
