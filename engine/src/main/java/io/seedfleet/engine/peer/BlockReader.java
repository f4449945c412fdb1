package io.seedfleet.engine.peer;

import io.seedfleet.engine.net.NetConnection;
import io.seedfleet.engine.storage.TorrentStorage;
import io.seedfleet.engine.wire.PeerMessage;
import io.seedfleet.engine.wire.WireEncoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Turns a batch of the peer's requests into ready-to-send piece frames. Runs on a disk thread.
 *
 * <p>The blocks are not copied: each run of adjacent blocks is a read-only view of the file's
 * mapped pages, and the frames (header, block, header, block, ...) go out in gathering writes,
 * so the kernel copies the bytes once, from the page cache into the socket (ADR 0012). Parts that
 * cannot be mapped (padding files, a short file) are read into a pooled direct buffer instead.
 */
final class BlockReader {
  static final int HEADER = 13;
  private static final UploadBuffers HEADERS = new UploadBuffers(UploadQueue.MAX_QUEUED * HEADER, 256);
  private static final UploadBuffers COPIES = new UploadBuffers(UploadTokens.UNLIMITED_BATCH_BYTES, 8);

  /** A batch's frames, and what gives their pooled buffers back once the frames are sent. */
  record ReadBatch(List<ByteBuffer> frames, Runnable release) {}

  private BlockReader() {}

  /**
   * On {@code disk}: reads the batch and queues it on {@code connection}, then calls {@code sent},
   * or {@code failed} with the error.
   */
  static void readAndSend(Executor disk, TorrentStorage storage, NetConnection connection,
      List<PeerMessage.Request> batch, Runnable sent, Consumer<String> failed) {
    disk.execute(() -> {
      ReadBatch read;
      try {
        read = read(storage, batch, HEADERS, COPIES);
      } catch (Exception e) {
        failed.accept(e.toString());
        return;
      }
      connection.send(read.frames(), read.release());
      sent.run();
    });
  }

  /**
   * The batch's piece messages. {@code headers} must hold a header per request and {@code copies}
   * all the blocks of the batch; a buffer taken from either stays in use until the returned
   * release runs.
   */
  static ReadBatch read(TorrentStorage storage, List<PeerMessage.Request> batch, UploadBuffers headers,
      UploadBuffers copies) throws IOException {
    int dataBytes = 0;
    for (PeerMessage.Request r : batch) {
      dataBytes += r.length();
    }
    if (batch.size() * HEADER > headers.capacity() || dataBytes > copies.capacity()) {
      throw new IllegalArgumentException("batch of " + batch.size() + " blocks, " + dataBytes + " bytes, is too large");
    }
    ByteBuffer headerBuffer = headers.acquire();
    ByteBuffer[] copied = new ByteBuffer[1]; // taken only when a run cannot be mapped
    Runnable release = () -> {
      headers.release(headerBuffer);
      if (copied[0] != null) {
        copies.release(copied[0]);
      }
    };
    try {
      List<ByteBuffer> frames = new ArrayList<>(2 * batch.size() + 2);
      int runStart = 0;
      int runBytes = 0;
      for (int i = 0; i < batch.size(); i++) {
        runBytes += batch.get(i).length();
        if (i + 1 < batch.size() && follows(batch.get(i), batch.get(i + 1))) {
          continue;
        }
        PeerMessage.Request first = batch.get(runStart);
        List<ByteBuffer> views = storage.mapBlock(first.piece(), first.begin(), runBytes);
        if (views == null) {
          if (copied[0] == null) {
            copied[0] = copies.acquire();
          }
          views = List.of(copyRun(storage, first, runBytes, copied[0]));
        }
        ArrayDeque<ByteBuffer> parts = new ArrayDeque<>(views);
        for (PeerMessage.Request r : batch.subList(runStart, i + 1)) {
          ByteBuffer header = headerBuffer.slice(headerBuffer.position(), HEADER);
          WireEncoder.encodePieceHeader(r.piece(), r.begin(), r.length(), header);
          headerBuffer.position(headerBuffer.position() + HEADER);
          frames.add(header.flip());
          take(parts, r.length(), frames);
        }
        runStart = i + 1;
        runBytes = 0;
      }
      return new ReadBatch(frames, release);
    } catch (IOException | RuntimeException e) {
      release.run();
      throw e;
    }
  }

  private static boolean follows(PeerMessage.Request previous, PeerMessage.Request next) {
    return next.piece() == previous.piece() && next.begin() == previous.begin() + previous.length();
  }

  /** Reads a run into the free part of {@code buffer}; returns it as a view. */
  private static ByteBuffer copyRun(TorrentStorage storage, PeerMessage.Request first, int runBytes, ByteBuffer buffer)
      throws IOException {
    ByteBuffer run = buffer.slice(buffer.position(), runBytes);
    storage.readBlock(first.piece(), first.begin(), run);
    buffer.position(buffer.position() + runBytes);
    return run.flip();
  }

  /** Moves the first {@code length} bytes of {@code parts} into {@code frames}, as views. */
  private static void take(ArrayDeque<ByteBuffer> parts, int length, List<ByteBuffer> frames) {
    while (length > 0) {
      ByteBuffer part = parts.getFirst();
      int n = part.remaining();
      if (n <= length) {
        frames.add(parts.removeFirst());
        length -= n;
      } else {
        frames.add(part.slice(part.position(), length));
        part.position(part.position() + length);
        length = 0;
      }
    }
  }
}
