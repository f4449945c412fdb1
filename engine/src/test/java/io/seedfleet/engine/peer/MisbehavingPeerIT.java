package io.seedfleet.engine.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seedfleet.engine.metainfo.CreateOptions;
import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.engine.metainfo.TorrentCreator;
import io.seedfleet.engine.swarm.Node;
import io.seedfleet.engine.torrent.Torrent;
import io.seedfleet.engine.torrent.TorrentState;
import io.seedfleet.engine.torrent.TorrentStatus;
import io.seedfleet.testing.TestContent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.TestInstance;

/**
 * A scripted peer breaks the protocol or sends corrupt data: that connection closes (and the peer is
 * banned for corrupt data) while the torrent goes on serving and completing with honest peers.
 */
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MisbehavingPeerIT {
  private static final int PIECE = 64 * 1024;

  private Path tmp;
  private Metainfo metainfo;
  private Path seedDir;
  private Node seeder;
  private ActorRef<Torrent.Command> seeding;

  @BeforeAll
  void startSeeder() throws Exception {
    tmp = Files.createTempDirectory("misbehaving");
    seedDir = tmp.resolve("seed");
    TestContent.singleFile(seedDir.resolve("data.bin"), 40 * PIECE + 1234, 7);
    try (var pool = Executors.newFixedThreadPool(2)) {
      metainfo = Metainfo.parse(TorrentCreator.create(seedDir.resolve("data.bin"),
          new CreateOptions(PIECE, List.of(), false, null, "test"), pool));
    }
    seeder = new Node("seeder");
    seeding = seeder.add(metainfo, seedDir, List.of());
    await().atMost(Duration.ofSeconds(20)).until(() -> seeder.status(seeding).state() == TorrentState.SEEDING);
  }

  @AfterAll
  void stop() throws IOException {
    seeder.close();
    try (var walk = Files.walk(tmp)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private FakePeer handshakenPeer() throws IOException {
    FakePeer peer = FakePeer.connect(seeder.address());
    peer.handshake(metainfo.infoHash().bytes(), randomPeerId());
    byte[] reply = peer.readHandshake();
    assertThat(Arrays.copyOfRange(reply, 28, 48)).isEqualTo(metainfo.infoHash().bytes());
    return peer;
  }

  @Test
  void oversizedMessageClosesTheConnection() throws Exception {
    try (FakePeer peer = handshakenPeer()) {
      peer.sendHaveNone();
      peer.sendLengthPrefix(0x7fffffff, 7);
      assertThat(peer.awaitClosed()).isTrue();
    }
    assertSeederStillServes();
  }

  @Test
  void requestOutOfRangeClosesTheConnection() throws Exception {
    try (FakePeer peer = handshakenPeer()) {
      peer.sendHaveNone();
      peer.sendInterested();
      peer.awaitMessage(1); // unchoke: a free upload slot
      peer.sendRequest(metainfo.pieceCount(), 0, 16384);
      assertThat(peer.awaitClosed()).isTrue();
    }
    assertSeederStillServes();
  }

  @Test
  void requestBeyondThePieceEndClosesTheConnection() throws Exception {
    try (FakePeer peer = handshakenPeer()) {
      peer.sendHaveNone();
      peer.sendInterested();
      peer.awaitMessage(1);
      peer.sendRequest(0, PIECE - 16384, 32768);
      assertThat(peer.awaitClosed()).isTrue();
    }
    assertSeederStillServes();
  }

  @Test
  void bitfieldWithSpareBitsSetClosesTheConnection() throws Exception {
    try (FakePeer peer = handshakenPeer()) {
      byte[] bits = new byte[(metainfo.pieceCount() + 7) / 8];
      bits[bits.length - 1] = (byte) 0xff; // 41 pieces: the last byte has 7 spare bits
      peer.sendBitfield(bits);
      assertThat(peer.awaitClosed()).isTrue();
    }
    assertSeederStillServes();
  }

  @Test
  void haveBeyondThePieceCountClosesTheConnection() throws Exception {
    try (FakePeer peer = handshakenPeer()) {
      peer.sendHaveNone();
      peer.sendHave(metainfo.pieceCount() + 5);
      assertThat(peer.awaitClosed()).isTrue();
    }
    assertSeederStillServes();
  }

  @Test
  void unknownMessageBeforeTheHandshakeClosesTheConnection() throws Exception {
    try (FakePeer peer = FakePeer.connect(seeder.address())) {
      peer.sendMessage(7, new byte[64]); // a piece message where the handshake belongs
      assertThat(peer.awaitClosed()).isTrue();
    }
    assertSeederStillServes();
  }

  @Test
  void unknownMessageIdClosesTheConnection() throws Exception {
    try (FakePeer peer = handshakenPeer()) {
      peer.sendHaveNone();
      peer.sendMessage(99, new byte[3]);
      assertThat(peer.awaitClosed()).isTrue();
    }
    assertSeederStillServes();
  }

  /** An honest peer still gets a correct block after the misbehaving one was thrown out. */
  private void assertSeederStillServes() throws Exception {
    try (FakePeer peer = handshakenPeer()) {
      peer.sendHaveNone();
      peer.sendInterested();
      peer.awaitMessage(1);
      peer.sendRequest(3, 16384, 16384);
      FakePeer.Message piece = peer.awaitMessage(7);
      assertThat(piece.intAt(0)).isEqualTo(3);
      assertThat(piece.intAt(4)).isEqualTo(16384);
      byte[] expected = new byte[16384];
      try (var ch = Files.newByteChannel(seedDir.resolve("data.bin"))) {
        ch.position(3L * PIECE + 16384).read(java.nio.ByteBuffer.wrap(expected));
      }
      assertThat(Arrays.copyOfRange(piece.payload(), 8, piece.payload().length)).isEqualTo(expected);
    }
    assertThat(seeder.status(seeding).state()).isEqualTo(TorrentState.SEEDING);
  }

  @Test
  void corruptBlocksFailTheHashGetTheSenderBannedAndTheDownloadStillCompletes() throws Exception {
    AtomicInteger corruptBlocksSent = new AtomicInteger();
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
         Node leecher = new Node("leecher")) {
      Thread liar = Thread.ofPlatform().daemon().start(() -> serveGarbage(server, corruptBlocksSent));
      Path leechDir = tmp.resolve("leech");
      // The liar is listed first so the leecher starts with it; the honest seeder comes second.
      ActorRef<Torrent.Command> torrent = leecher.add(metainfo, leechDir,
          List.of(new InetSocketAddress("127.0.0.1", server.getLocalPort()), seeder.address()));
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
          .until(() -> leecher.status(torrent).complete());
      TorrentStatus status = leecher.status(torrent);
      assertThat(corruptBlocksSent.get()).isPositive();
      assertThat(status.hashFailures()).isPositive();
      assertThat(status.bannedPeers()).isGreaterThanOrEqualTo(1);
      assertThat(Files.readAllBytes(leechDir.resolve("data.bin"))).isEqualTo(Files.readAllBytes(seedDir.resolve("data.bin")));
      liar.interrupt();
    }
  }

  /** Accepts the leecher, claims every piece, and answers each request with random bytes. */
  private void serveGarbage(ServerSocket server, AtomicInteger sent) {
    Random random = new Random(1);
    try (FakePeer peer = FakePeer.accept(server)) {
      peer.readHandshake();
      peer.handshake(metainfo.infoHash().bytes(), randomPeerId());
      peer.sendHaveAll();
      peer.sendUnchoke();
      while (true) {
        FakePeer.Message m = peer.readMessage();
        if (m.id() == 6) {
          byte[] junk = new byte[m.intAt(8)];
          random.nextBytes(junk);
          peer.sendPiece(m.intAt(0), m.intAt(4), junk);
          sent.incrementAndGet();
        }
      }
    } catch (IOException e) {
      // the leecher banned us and hung up: that is the point
    }
  }

  private static byte[] randomPeerId() {
    byte[] id = new byte[20];
    new Random().nextBytes(id);
    return id;
  }
}
