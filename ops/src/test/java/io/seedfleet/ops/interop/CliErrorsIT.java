package io.seedfleet.ops.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The real command refuses bad input with one clear line and a non-zero exit, creating nothing. */
class CliErrorsIT {
  @TempDir Path tmp;

  private Path hostile(String name) throws Exception {
    Path file = tmp.resolve(name);
    try (InputStream in = getClass().getResourceAsStream("/torrents/hostile/" + name)) {
      Files.write(file, in.readAllBytes());
    }
    return file;
  }

  @ParameterizedTest
  @ValueSource(strings = {"deep_nesting_100k.torrent", "piece_length_zero.torrent", "pieces_not_multiple_of_20.torrent",
      "overflowing_lengths.torrent", "trailing_garbage.torrent", "unsorted_info_keys.torrent", "only_d.torrent"})
  void getRejectsAHostileTorrentAndCreatesNothing(String name) throws Exception {
    Path torrent = hostile(name);
    Path out = tmp.resolve("out");
    try (SeedfleetProcess get = SeedfleetProcess.start("get-" + name, "get", torrent.toString(), "-o", out.toString())) {
      assertThat(get.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
      assertThat(get.output()).contains("seedfleet: invalid torrent").doesNotContain("Exception");
    }
    assertThat(out).doesNotExist();
    try (Stream<Path> files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly(name);
    }
  }

  @Test
  void getOfAMissingFileSaysSo() throws Exception {
    try (SeedfleetProcess get = SeedfleetProcess.start("get-missing", "get", tmp.resolve("nope.torrent").toString(),
        "-o", tmp.resolve("out").toString())) {
      assertThat(get.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
      assertThat(get.output()).contains("no such torrent file");
    }
  }

  @Test
  void getTimesOutWithANonZeroExitWhenNoPeerHasTheData() throws Exception {
    Path torrent = hostile("valid_multi_file.torrent");
    try (SeedfleetProcess get = SeedfleetProcess.start("get-timeout", "get", torrent.toString(),
        "-o", tmp.resolve("out").toString(), "--timeout", "2")) {
      assertThat(get.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
      assertThat(get.output()).contains("timed out after 2 s");
    }
  }

  @Test
  void seedWithoutDataRefusesToStart() throws Exception {
    Path torrent = hostile("valid_multi_file.torrent");
    try (SeedfleetProcess seed = SeedfleetProcess.start("seed-nodata", "seed", torrent.toString(),
        "--data", Files.createDirectories(tmp.resolve("empty")).toString(), "--port", "0", "--bind", "127.0.0.1")) {
      assertThat(seed.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
      assertThat(seed.output()).contains("no valid data");
    }
  }

  @Test
  void aTakenPortIsOneClearLine() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
         SeedfleetProcess node = SeedfleetProcess.start("node-port-taken", "node", "--data",
             tmp.resolve("node").toString(), "--bt-port", Integer.toString(taken.getLocalPort()))) {
      assertThat(node.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
      assertThat(node.output()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()).doesNotContain("\tat ");
    }
  }

  @Test
  void usageErrorsExitWithTwo() throws Exception {
    for (List<String> args : List.of(List.of("get"), List.of("get", "x.torrent", "-o", "d", "--peer", "nonsense"))) {
      try (SeedfleetProcess p = SeedfleetProcess.start("usage", args.toArray(String[]::new))) {
        assertThat(p.awaitExit(Duration.ofSeconds(60))).as(p.output()).isEqualTo(2);
      }
    }
  }

  @Test
  void createThenSeedRoundTrip() throws Exception {
    Path content = Files.createDirectories(tmp.resolve("data").resolve("stuff"));
    Files.writeString(content.resolve("a.txt"), "hello ".repeat(10000));
    Path torrent = tmp.resolve("stuff.torrent");
    try (SeedfleetProcess create = SeedfleetProcess.start("create", "create", content.toString(), "-o", torrent.toString(),
        "--tracker", "http://tracker.example/announce", "--private")) {
      assertThat(create.awaitExit(Duration.ofSeconds(60))).as(create.output()).isZero();
      assertThat(create.output()).containsPattern("[0-9a-f]{40}");
    }
    try (SeedfleetProcess seed = SeedfleetProcess.start("seed-created", "seed", torrent.toString(),
        "--data", tmp.resolve("data").toString(), "--port", "0", "--bind", "127.0.0.1")) {
      assertThat(LibtorrentInteropIT.seedingPort(seed)).isPositive();
    }
  }
}
