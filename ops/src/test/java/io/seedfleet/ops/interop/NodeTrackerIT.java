package io.seedfleet.ops.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedfleet.engine.bencode.BDict;
import io.seedfleet.engine.bencode.Bencode;
import io.seedfleet.testing.LibtorrentPeer;
import io.seedfleet.testing.Ports;
import io.seedfleet.testing.TestContent;
import io.seedfleet.testing.TrackerTorrents;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code seedfleet node --tracker-port P}: the node's tracker answers for the torrents in its data
 * directory, so two libtorrent peers of such a torrent find each other through it, and refuses
 * any other info-hash.
 */
@Tag("interop")
class NodeTrackerIT {
  @TempDir Path tmp;

  @Test
  void nodeTrackerConnectsPeersOfItsTorrentsAndRefusesOthers() throws Exception {
    Path content = tmp.resolve("origin").resolve("payload.bin");
    TestContent.singleFile(content, (3L << 20) + 99, 21);
    Path plain = tmp.resolve("plain.torrent");
    LibtorrentPeer.makeTorrent(content, plain, 256 * 1024, true);
    int trackerPort = Ports.freeTcpPort();
    String announce = "http://127.0.0.1:" + trackerPort + "/announce";
    Path data = tmp.resolve("node");
    Files.createDirectories(data.resolve("torrents"));
    Path torrent = TrackerTorrents.withAnnounce(plain, announce, data.resolve("torrents").resolve("payload.torrent"));

    try (SeedfleetProcess node = SeedfleetProcess.start("node-tracker", "node", "--data", data.toString(),
        "--bt-port", "0", "--tracker-port", Integer.toString(trackerPort))) {
      String line = node.awaitLine(l -> l.contains("seedfleet: tracker on"), Duration.ofSeconds(60));
      assertThat(line).contains(announce).contains("udp://127.0.0.1:" + trackerPort + "/announce");

      Path out = Files.createDirectories(tmp.resolve("leech"));
      try (LibtorrentPeer seeder = LibtorrentPeer.seed(torrent, content.getParent(), false);
           LibtorrentPeer leecher = LibtorrentPeer.leech(torrent, out, List.of())) {
        assertThat(leecher.awaitFinished(Duration.ofSeconds(120))).as(leecher.output() + "\n" + node.output()).isTrue();
      }
      assertThat(Files.mismatch(content, out.resolve("payload.bin"))).isEqualTo(-1L);

      HttpResponse<byte[]> stranger = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(announce + "?info_hash=" + "%07".repeat(20)
              + "&peer_id=-XX0001-aaaaaaaaaaaa&port=7001&left=0")).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      BDict reply = (BDict) Bencode.decode(stranger.body());
      assertThat(reply.getBytesOrNull("failure reason").asString()).isEqualTo("unknown info_hash");
    }
  }
}
