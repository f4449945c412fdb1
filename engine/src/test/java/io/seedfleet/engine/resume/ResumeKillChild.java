package io.seedfleet.engine.resume;

import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.engine.storage.PieceLayout;
import io.seedfleet.engine.storage.TorrentStorage;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The process {@link ResumeKillIT} kills: restarts like the engine (fast-resume check), then
 * writes pieces and saves snapshots in a tight loop until killed.
 *
 * <p>Each step either adds a piece the way the piece picker and torrent do (write the verified
 * bytes, then save, which flushes before it stamps and writes the snapshot) or takes one away
 * the way a careful owner must (save a snapshot without it, then overwrite its bytes with
 * garbage), so the verified set keeps changing in both directions.
 *
 * <p>Arguments: torrent file, source root (complete data), download root, resume dir, seed.
 */
public final class ResumeKillChild {
  private ResumeKillChild() {}

  public static void main(String[] args) throws Exception {
    Metainfo metainfo = Metainfo.parse(Files.readAllBytes(Path.of(args[0])));
    PieceLayout layout = new PieceLayout(metainfo.files(), metainfo.pieceLength(), metainfo.totalLength());
    Random random = new Random(Long.parseLong(args[4]));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (TorrentStorage source = TorrentStorage.open(Path.of(args[1]), layout);
         TorrentStorage target = TorrentStorage.open(Path.of(args[2]), layout)) {
      FastResume resume = new FastResume(new ResumeStore(Path.of(args[3])), metainfo);
      FastResume.Outcome restarted = resume.check(target, pool, piece -> { }, piece -> { });
      BitSet verified = restarted.verified();
      resume.save(target, verified);
      System.out.println("ready " + verified.cardinality() + " " + restarted.summary());
      System.out.flush();
      ByteBuffer buffer = ByteBuffer.allocate(metainfo.pieceLength());
      for (long step = 0; ; step++) {
        int piece = random.nextInt(metainfo.pieceCount());
        buffer.clear().limit(metainfo.pieceSize(piece));
        if (verified.get(piece) && random.nextInt(3) == 0) {
          verified.clear(piece);
          resume.save(target, verified);
          random.nextBytes(buffer.array());
          target.writeBlock(piece, 0, buffer);
        } else if (!verified.get(piece)) {
          source.readBlock(piece, 0, buffer);
          buffer.flip();
          if (!metainfo.pieceHashMatches(piece, sha1(buffer))) {
            throw new IllegalStateException("source piece " + piece + " is wrong");
          }
          target.writeBlock(piece, 0, buffer);
          verified.set(piece);
          resume.save(target, verified);
        }
      }
    }
  }

  private static byte[] sha1(ByteBuffer data) throws Exception {
    java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-1");
    digest.update(data.duplicate());
    return digest.digest();
  }
}
