package io.seedfleet.engine.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seedfleet.engine.bencode.BDict;
import io.seedfleet.engine.bencode.Bencode;
import io.seedfleet.engine.metainfo.CreateOptions;
import io.seedfleet.engine.metainfo.MagnetLink;
import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.engine.metainfo.TorrentCreator;
import io.seedfleet.engine.session.Session;
import io.seedfleet.engine.swarm.Node;
import io.seedfleet.engine.torrent.MetadataFetcher;

import io.seedfleet.engine.torrent.TorrentState;
import io.seedfleet.engine.wire.extension.ExtendedHandshake;
import io.seedfleet.engine.wire.extension.UtMetadata;
import io.seedfleet.engine.wire.extension.UtMetadataMessage;
import io.seedfleet.testing.TestContent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * BEP 9 end to end inside one JVM: a seeder serves its info dict, a magnet-only node fetches it and
 * then the data, and scripted peers that lie about the metadata are survived.
 */
@ExtendWith(LogCapturingExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MagnetMetadataIT {
  private static final int PIECE = 32 * 1024;

  private Path tmp;
  private Metainfo metainfo;
  private Path seedDir;
  private Node seeder;

  @BeforeAll
  void startSeeder() throws Exception {
    tmp = Files.createTempDirectory("magnet");
    seedDir = tmp.resolve("seed");
    // Many pieces make an info dict of several 16 KiB metadata pieces (20 bytes of hash each).
    TestContent.singleFile(seedDir.resolve("data.bin"), 2000L * PIECE + 77, 11);
    try (var pool = Executors.newFixedThreadPool(2)) {
      metainfo = Metainfo.parse(TorrentCreator.create(seedDir.resolve("data.bin"),
          new CreateOptions(PIECE, List.of(), false, null, "test"), pool));
    }
    assertThat(metainfo.infoBytes().length).isGreaterThan(2 * UtMetadata.PIECE_SIZE);
    seeder = new Node("magnet-seeder");
    var seeding = seeder.add(metainfo, seedDir, List.of());
    await().atMost(Duration.ofSeconds(30)).until(() -> seeder.status(seeding).state() == TorrentState.SEEDING);
  }

  @AfterAll
  void stop() throws IOException {
    seeder.close();
    try (var walk = Files.walk(tmp)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static CompletableFuture<Session.MagnetAdded> addMagnet(Node node, MagnetLink link, Path dir,
      List<InetSocketAddress> extra) {
    return AskPattern.<Session.Command, Session.MagnetAdded>ask(node.system(),
        r -> new Session.AddMagnet(link, dir, extra, r), Duration.ofSeconds(120), node.system().scheduler())
        .toCompletableFuture();
  }

  @Test
  void aMagnetFetchesMetadataThenDataFromASeeder() throws Exception {
    MagnetLink link = MagnetLink.of(metainfo.infoHash()).withPeers(List.of(seeder.address()));
    Path out = tmp.resolve("from-magnet");
    try (Node leecher = new Node("magnet-leecher")) {
      Session.MagnetAdded added = addMagnet(leecher, link, out, List.of()).get(60, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(added.error()).isNull();
      assertThat(added.metainfo().infoHash()).isEqualTo(metainfo.infoHash());
      assertThat(added.metainfo().infoBytes()).isEqualTo(metainfo.infoBytes());
      assertThat(Metainfo.parse(added.metainfo().torrentBytes()).infoHash()).isEqualTo(metainfo.infoHash());
      await().atMost(Duration.ofSeconds(60)).until(() -> leecher.status(added.torrent()).complete());
    }
    assertThat(Files.mismatch(seedDir.resolve("data.bin"), out.resolve("data.bin"))).isEqualTo(-1L);
  }

  @Test
  void theSeederServesMetadataAndRejectsPiecesOutOfRange() throws Exception {
    try (FakePeer peer = FakePeer.connect(seeder.address())) {
      peer.handshake(metainfo.infoHash().bytes(), randomPeerId());
      peer.readHandshake();
      ExtendedHandshake theirs = ExtendedHandshake.decode(peer.awaitExtended(0));
      assertThat(theirs.metadataSize()).hasValue(metainfo.infoBytes().length);
      assertThat(theirs.idOf("ut_pex")).isPresent(); // a public torrent
      int id = theirs.idOf(UtMetadata.NAME).orElseThrow();
      peer.sendExtended(0, Bencode.encode(BDict.builder().put("m", BDict.builder().put("ut_metadata", 9).build()).build()));
      peer.sendExtended(id, UtMetadata.encode(new UtMetadataMessage.Request(1)));
      UtMetadataMessage data = UtMetadata.decode(ByteBuffer.wrap(peer.awaitExtended(9)), metainfo.infoBytes().length);
      assertThat(data).isEqualTo(UtMetadata.answer(metainfo.infoBytes(), 1));
      peer.sendExtended(id, UtMetadata.encode(new UtMetadataMessage.Request(500)));
      assertThat(UtMetadata.decode(ByteBuffer.wrap(peer.awaitExtended(9)), 0)).isEqualTo(new UtMetadataMessage.Reject(500));
    }
  }

  /** A fake peer that the fetcher dials: it answers with the given metadata_size and metadata. */
  private static void serveFakeMetadata(ServerSocket server, byte[] infoHash, int announcedSize, byte[] metadata)
      throws IOException {
    try (FakePeer peer = FakePeer.accept(server)) {
      peer.readHandshake();
      peer.handshake(infoHash, randomPeerId());
      peer.sendExtended(0, Bencode.encode(BDict.builder().put("m", BDict.builder().put("ut_metadata", 5).build())
          .put("metadata_size", announcedSize).build()));
      ExtendedHandshake ours = ExtendedHandshake.decode(peer.awaitExtended(0));
      int ourId = ours.idOf(UtMetadata.NAME).orElseThrow();
      while (true) {
        UtMetadataMessage request = UtMetadata.decode(ByteBuffer.wrap(peer.awaitExtended(5)), 0);
        peer.sendExtended(ourId, UtMetadata.encode(UtMetadata.answer(metadata, request.piece())));
      }
    } catch (IOException | io.seedfleet.engine.bencode.BencodeException
        | io.seedfleet.engine.wire.extension.ExtensionMessageException closed) {
      // the fetcher hung up: expected
    }
  }

  @Test
  void forgedMetadataIsDiscardedAndAnHonestPeerStillCompletesTheFetch() throws Exception {
    byte[] forged = metainfo.infoBytes();
    forged[forged.length / 2] ^= 1;
    try (ServerSocket liar = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
         Node leecher = new Node("magnet-forged")) {
      CompletableFuture<Void> liarDone = CompletableFuture.runAsync(() -> {
        try {
          serveFakeMetadata(liar, metainfo.infoHash().bytes(), forged.length, forged);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      MagnetLink link = MagnetLink.of(metainfo.infoHash())
          .withPeers(List.of(new InetSocketAddress("127.0.0.1", liar.getLocalPort())));
      CompletableFuture<Session.MagnetAdded> added = addMagnet(leecher, link, tmp.resolve("forged"), List.of());
      liarDone.get(30, java.util.concurrent.TimeUnit.SECONDS); // the fetcher hung up on the liar
      assertThat(added).isNotDone();
      leecher.system().tell(new Session.AddPeersFor(metainfo.infoHash(), List.of(seeder.address())));
      Session.MagnetAdded result = added.get(60, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(result.metainfo().infoHash()).isEqualTo(metainfo.infoHash());
    }
  }

  @Test
  void anAbsurdMetadataSizeIsRefusedWithoutAllocating() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
         Node leecher = new Node("magnet-absurd")) {
      MagnetLink link = MagnetLink.of(metainfo.infoHash())
          .withPeers(List.of(new InetSocketAddress("127.0.0.1", server.getLocalPort())));
      addMagnet(leecher, link, tmp.resolve("absurd"), List.of());
      try (FakePeer peer = FakePeer.accept(server)) {
        peer.readHandshake();
        peer.handshake(metainfo.infoHash().bytes(), randomPeerId());
        peer.sendExtended(0, Bencode.encode(BDict.builder().put("m", BDict.builder().put("ut_metadata", 5).build())
            .put("metadata_size", 1L << 40).build()));
        assertThat(peer.awaitClosed()).isTrue();
      }
      MetadataFetcher.FetchStatus status = AskPattern.<Session.Command, MetadataFetcher.FetchStatus>ask(
          leecher.system(), r -> new Session.GetFetchStatus(metainfo.infoHash(), r), Duration.ofSeconds(10),
          leecher.system().scheduler()).toCompletableFuture().join();
      assertThat(status.pieceCount()).isZero(); // no assembler was sized from the lie
    }
  }

  private static byte[] randomPeerId() {
    byte[] id = new byte[20];
    new Random().nextBytes(id);
    return id;
  }

}
