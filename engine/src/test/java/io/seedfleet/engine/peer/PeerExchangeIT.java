package io.seedfleet.engine.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seedfleet.engine.bencode.BDict;
import io.seedfleet.engine.bencode.Bencode;
import io.seedfleet.engine.metainfo.CreateOptions;
import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.engine.metainfo.TorrentCreator;
import io.seedfleet.engine.swarm.Node;
import io.seedfleet.engine.torrent.TorrentState;
import io.seedfleet.engine.wire.extension.ExtendedHandshake;
import io.seedfleet.engine.wire.extension.PexMessage;
import io.seedfleet.engine.wire.extension.PexPeer;
import io.seedfleet.engine.wire.extension.UtPex;
import io.seedfleet.testing.TestContent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** BEP 11 with scripted peers: what we send, what we take, and nothing at all for private torrents. */
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PeerExchangeIT {
  private static final int PIECE = 16 * 1024;
  private static final int FAKE_PEX_ID = 7;

  private Path tmp;
  private Node node;

  @BeforeAll
  void start() throws IOException {
    tmp = Files.createTempDirectory("pex");
    node = new Node("pex-node");
  }

  @AfterAll
  void stop() throws IOException {
    node.close();
    try (var walk = Files.walk(tmp)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** Each test gets its own content, so its own info-hash. */
  private Metainfo torrent(boolean isPrivate, String comment) throws Exception {
    Path file = tmp.resolve("src-" + comment).resolve("data.bin");
    TestContent.singleFile(file, 20 * PIECE + 5, comment.hashCode());
    try (var pool = Executors.newFixedThreadPool(2)) {
      return Metainfo.parse(TorrentCreator.create(file,
          new CreateOptions(PIECE, List.of(), isPrivate, comment, "test"), pool));
    }
  }

  /** Adds a torrent with no data on disk, so it stays downloading and accepts peers. */
  private Metainfo leeching(boolean isPrivate, String comment) throws Exception {
    Metainfo metainfo = torrent(isPrivate, comment);
    var torrent = node.add(metainfo, tmp.resolve("empty-" + comment), List.of());
    await().atMost(Duration.ofSeconds(10)).until(() -> node.status(torrent).state() == TorrentState.DOWNLOADING);
    return metainfo;
  }

  private FakePeer join(Metainfo metainfo, int listenPort) throws Exception {
    FakePeer peer = FakePeer.connect(node.address());
    byte[] id = new byte[20];
    new Random().nextBytes(id);
    peer.handshake(metainfo.infoHash().bytes(), id);
    byte[] reply = peer.readHandshake();
    assertThat(Arrays.copyOfRange(reply, 28, 48)).isEqualTo(metainfo.infoHash().bytes());
    peer.sendExtended(0, Bencode.encode(BDict.builder()
        .put("m", BDict.builder().put(UtPex.NAME, FAKE_PEX_ID).build()).put("p", listenPort).build()));
    return peer;
  }

  @Test
  void aPeerIsToldTheListenAddressesOfTheOthers() throws Exception {
    Metainfo metainfo = leeching(false, "send");
    try (FakePeer receiver = join(metainfo, 40001); FakePeer other = join(metainfo, 40002)) {
      ExtendedHandshake ours = ExtendedHandshake.decode(receiver.awaitExtended(0));
      assertThat(ours.idOf(UtPex.NAME)).isPresent();
      PexMessage pex = UtPex.decode(ByteBuffer.wrap(receiver.awaitExtended(FAKE_PEX_ID)));
      assertThat(pex.added()).extracting(PexPeer::address).containsExactly(new InetSocketAddress("127.0.0.1", 40002));
      assertThat(pex.dropped()).isEmpty();
    }
  }

  @Test
  void addressesFromPexAreDialed() throws Exception {
    Metainfo metainfo = leeching(false, "receive");
    try (ServerSocket learned = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
         FakePeer teller = join(metainfo, 40003)) {
      learned.setSoTimeout(15_000);
      teller.sendExtended(ExtendedHandshake.decode(teller.awaitExtended(0)).idOf(UtPex.NAME).orElseThrow(),
          UtPex.encode(new PexMessage(List.of(new PexPeer(new InetSocketAddress("127.0.0.1", learned.getLocalPort()), 0)),
              List.of())));
      try (FakePeer dialed = FakePeer.accept(learned)) {
        assertThat(Arrays.copyOfRange(dialed.readHandshake(), 28, 48)).isEqualTo(metainfo.infoHash().bytes());
      }
    }
  }

  @Test
  void privateTorrentsNeitherOfferNorTakePex() throws Exception {
    Metainfo metainfo = leeching(true, "private");
    try (ServerSocket learned = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
         FakePeer teller = join(metainfo, 40004)) {
      ExtendedHandshake ours = ExtendedHandshake.decode(teller.awaitExtended(0));
      assertThat(ours.idOf(UtPex.NAME)).isEmpty();
      assertThat(ours.metadataSize()).hasValue(metainfo.infoBytes().length); // BEP 9 is fine for private torrents
      teller.sendExtended(1, UtPex.encode(new PexMessage(
          List.of(new PexPeer(new InetSocketAddress("127.0.0.1", learned.getLocalPort()), 0)), List.of())));
      learned.setSoTimeout(5_000);
      try {
        learned.accept().close();
        throw new AssertionError("a private torrent dialed an address it got over PEX");
      } catch (SocketTimeoutException expected) {
        // nothing dialed
      }
    }
  }
}
