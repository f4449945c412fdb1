package io.seedfleet.engine.resume;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedfleet.engine.metainfo.CreateOptions;
import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.engine.metainfo.TorrentCreator;
import io.seedfleet.engine.storage.PieceLayout;
import io.seedfleet.engine.storage.TorrentStorage;
import io.seedfleet.testing.TestContent;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a process with SIGKILL at random moments while it writes pieces and resume snapshots, and
 * proves after every kill that the snapshot on disk is whole (the old one or the new one, never a
 * torn mix, whatever temp file is left) and that every piece it marks verified passes its SHA-1
 * against the bytes on disk.
 */
class ResumeKillIT {
  private static final int KILLS = 30;
  private static final int PIECE = 16 * 1024;

  @TempDir Path tmp;

  @Test
  void everySnapshotLeftByAKillIsWholeAndOnlyClaimsGoodPieces() throws Exception {
    Path source = tmp.resolve("source");
    TestContent.multiFileTree(source.resolve("data"), 96L * PIECE + 777, 11);
    Metainfo metainfo;
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      metainfo = Metainfo.parse(TorrentCreator.create(source.resolve("data"),
          new CreateOptions(PIECE, List.of(), false, null, "kill-loop"), pool));
    } finally {
      pool.shutdownNow();
    }
    Path torrentFile = Files.write(tmp.resolve("kill.torrent"), metainfo.torrentBytes());
    Path download = tmp.resolve("download");
    Path resumeDir = tmp.resolve("resume");
    ResumeStore store = new ResumeStore(resumeDir);
    PieceLayout layout = new PieceLayout(metainfo.files(), metainfo.pieceLength(), metainfo.totalLength());
    Random random = new Random(42);
    Set<BitSet> distinctSets = new HashSet<>();
    List<String> restarts = new ArrayList<>();
    int tempFilesLeft = 0;

    for (int kill = 0; kill < KILLS; kill++) {
      Process child = new ProcessBuilder(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
          "-cp", System.getProperty("java.class.path"), ResumeKillChild.class.getName(),
          torrentFile.toString(), source.toString(), download.toString(), resumeDir.toString(),
          Long.toString(random.nextLong()))
          .redirectError(tmp.resolve("child-" + kill + ".err").toFile())
          .start();
      try {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String ready = out.readLine();
        assertThat(ready).as("child %d started (stderr in %s)", kill, tmp).startsWith("ready ");
        restarts.add(ready);
        Thread.sleep(random.nextInt(150)); // a random moment of the write loop
      } finally {
        child.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, mid-write
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
      }
      if (Files.exists(store.fileFor(metainfo.infoHash()).resolveSibling(metainfo.infoHash().hex() + ".resume.tmp"))) {
        tempFilesLeft++;
      }
      ResumeLoad load = store.load(ResumeCodec.Expected.of(metainfo));
      assertThat(load).as("snapshot after kill %d", kill).isInstanceOf(ResumeLoad.Usable.class);
      BitSet claimed = ((ResumeLoad.Usable) load).state().verified();
      distinctSets.add(claimed);
      try (TorrentStorage disk = TorrentStorage.open(download, layout)) {
        for (int piece = claimed.nextSetBit(0); piece >= 0; piece = claimed.nextSetBit(piece + 1)) {
          assertThat(metainfo.pieceHashMatches(piece, disk.sha1OfPiece(piece)))
              .as("kill %d: piece %d is marked verified", kill, piece).isTrue();
        }
      }
    }
    System.out.println("kill loop: " + KILLS + " kills, " + distinctSets.size() + " distinct verified sets, "
        + tempFilesLeft + " leftover temp files; restarts: " + restarts);
    assertThat(distinctSets).as("the verified set kept changing").hasSizeGreaterThan(KILLS / 2);
  }
}
