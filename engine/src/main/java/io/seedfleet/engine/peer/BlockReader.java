package io.seedfleet.engine.peer;

import io.seedfleet.engine.net.NetConnection;
import io.seedfleet.engine.storage.TorrentStorage;
import io.seedfleet.engine.wire.PeerMessage;
import io.seedfleet.engine.wire.WireEncoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/** Reads requested blocks from storage into ready-to-send piece frames. Runs on a disk thread. */
final class BlockReader {
  private static final int HEADER = 13;

  private BlockReader() {}

  /**
   * On {@code disk}: reads the batch and queues it on {@code connection}, then calls {@code sent},
   * or {@code failed} with the error.
   */
  static void readAndSend(Executor disk, TorrentStorage storage, NetConnection connection,
      List<PeerMessage.Request> batch, Runnable sent, Consumer<String> failed) {
    disk.execute(() -> {
      try {
        connection.send(read(storage, batch));
        sent.run();
      } catch (Exception e) {
        failed.accept(e.toString());
      }
    });
  }

  /**
   * One buffer holds the whole batch (header, block, header, block, ...) so a run of blocks costs
   * one allocation and goes out in one gathered write.
   */
  static List<ByteBuffer> read(TorrentStorage storage, List<PeerMessage.Request> batch) throws IOException {
    int total = 0;
    for (PeerMessage.Request r : batch) {
      total += HEADER + r.length();
    }
    ByteBuffer frames = ByteBuffer.allocate(total);
    for (PeerMessage.Request r : batch) {
      WireEncoder.encodePieceHeader(r.piece(), r.begin(), r.length(), frames);
      ByteBuffer block = frames.slice(frames.position(), r.length());
      storage.readBlock(r.piece(), r.begin(), block);
      frames.position(frames.position() + r.length());
    }
    frames.flip();
    List<ByteBuffer> out = new ArrayList<>(1);
    out.add(frames);
    return out;
  }
}
