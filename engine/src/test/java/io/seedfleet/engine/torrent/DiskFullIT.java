package io.seedfleet.engine.torrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seedfleet.engine.metainfo.CreateOptions;
import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.engine.metainfo.TorrentCreator;
import io.seedfleet.engine.swarm.Node;
import io.seedfleet.testing.LibtorrentPeer;
import io.seedfleet.testing.SmallDisk;
import io.seedfleet.testing.TestContent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk (a real 16 MiB tmpfs, so the kernel's ENOSPC) stops only the torrent that writes:
 * it reports the error, another torrent on the same disk keeps seeding to libtorrent, and once
 * space is freed the stopped one resumes and completes byte-identical.
 */
class DiskFullIT {
  private static final int PIECE = 256 * 1024;

  @TempDir Path tmp;

  @Test
  void aFullDiskStopsOneTorrentUntilSpaceReturns() throws Exception {
    Path bigSource = tmp.resolve("big-src").resolve("big.bin");
    TestContent.singleFile(bigSource, 8L << 20, 41);
    Path bigTorrent = Files.write(tmp.resolve("big.torrent"), create(bigSource));
    Metainfo big = Metainfo.parse(Files.readAllBytes(bigTorrent));

    try (SmallDisk disk = SmallDisk.mount(tmp.resolve("disk"), 16L << 20);
        LibtorrentPeer bigSeeder = LibtorrentPeer.seed(bigTorrent, bigSource.getParent(), false);
        Node node = new Node("disk-full")) {
      Path smallData = disk.path().resolve("small");
      TestContent.singleFile(smallData.resolve("small.bin"), 1L << 20, 42);
      Path smallTorrent = Files.write(tmp.resolve("small.torrent"), create(smallData.resolve("small.bin")));
      Metainfo small = Metainfo.parse(Files.readAllBytes(smallTorrent));
      ActorRef<Torrent.Command> seeding = node.add(small, smallData, List.of());
      await().atMost(Duration.ofSeconds(30)).until(() -> node.status(seeding).state() == TorrentState.SEEDING);

      // Leave about 3 MiB: the 8 MiB download cannot fit.
      Path filler = disk.path().resolve("filler.bin");
      TestContent.singleFile(filler, disk.usableBytes() - (3L << 20), 43);

      Path bigData = disk.path().resolve("big");
      ActorRef<Torrent.Command> downloading = node.add(big, bigData, List.of(bigSeeder.address()));
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
          .until(() -> node.status(downloading).state() == TorrentState.ERROR);
      TorrentStatus stopped = node.status(downloading);
      assertThat(stopped.error()).contains("disk full").contains("DISK_FULL");
      assertThat(stopped.piecesVerified()).isLessThan(stopped.pieceCount());
      assertThat(stopped.hashFailures()).isZero();
      assertThat(stopped.bannedPeers()).as("nobody is blamed for our disk").isZero();

      // The other torrent on the same full disk goes on serving.
      assertThat(node.status(seeding).state()).isEqualTo(TorrentState.SEEDING);
      try (LibtorrentPeer leecher = LibtorrentPeer.leech(smallTorrent, tmp.resolve("lt"), List.of(node.address()))) {
        assertThat(leecher.awaitFinished(Duration.ofSeconds(60))).as(leecher.output()).isTrue();
      }
      TestContent.assertTreesIdentical(smallData, tmp.resolve("lt"));
      assertThat(node.status(downloading).state()).as("still waiting while the disk is full").isEqualTo(TorrentState.ERROR);

      Files.delete(filler);
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
          .until(() -> node.status(downloading).state() == TorrentState.SEEDING);
      TorrentStatus done = node.status(downloading);
      assertThat(done.error()).isNull();
      assertThat(done.piecesVerified()).isEqualTo(done.pieceCount());
      assertThat(Files.mismatch(bigSource, bigData.resolve("big.bin"))).isEqualTo(-1L);
    }
  }

  private static byte[] create(Path file) throws Exception {
    try (var pool = Executors.newFixedThreadPool(2)) {
      return TorrentCreator.create(file, new CreateOptions(PIECE, List.of(), false, null, "test"), pool);
    }
  }
}
