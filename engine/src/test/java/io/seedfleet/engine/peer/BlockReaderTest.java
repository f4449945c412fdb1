package io.seedfleet.engine.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seedfleet.engine.metainfo.FileEntry;
import io.seedfleet.engine.storage.PieceLayout;
import io.seedfleet.engine.storage.TorrentStorage;
import io.seedfleet.engine.wire.PeerMessage;
import io.seedfleet.engine.wire.PeerMessage.Request;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockReaderTest {
  private static final int PIECE = 32768;

  @TempDir Path temp;

  private byte[] data;
  private TorrentStorage storage;
  private final UploadBuffers headers = new UploadBuffers(UploadQueue.MAX_QUEUED * BlockReader.HEADER, 4);
  private final UploadBuffers copies = new UploadBuffers(UploadTokens.UNLIMITED_BATCH_BYTES, 4);

  @BeforeEach
  void seed() throws IOException {
    // a (40000 bytes), a padding file up to 65536, b (30000 bytes): piece 1 ends in the padding.
    List<FileEntry> files = List.of(
        new FileEntry(List.of("t", "a"), 40000, 0, false),
        new FileEntry(List.of("t", ".pad", "25536"), 25536, 40000, true),
        new FileEntry(List.of("t", "b"), 30000, 65536, false));
    data = new byte[95536];
    new Random(11).nextBytes(data);
    Arrays.fill(data, 40000, 65536, (byte) 0);
    PieceLayout layout = new PieceLayout(files, PIECE, data.length);
    storage = TorrentStorage.open(temp, layout);
    for (int piece = 0; piece < layout.pieceCount(); piece++) {
      storage.writeBlock(piece, 0, ByteBuffer.wrap(data, piece * PIECE, layout.pieceSize(piece)));
    }
  }

  @AfterEach
  void close() {
    storage.close();
  }

  @Test
  void framesCarryTheRequestedBlocksInOrder() throws IOException {
    List<Request> batch = List.of(
        new Request(0, 0, 16384), new Request(0, 16384, 16384), // one run
        new Request(2, 16384, 13616), // b's end, alone
        new Request(1, 0, 16384), new Request(1, 16384, 16384), // a's end, then the padding: copied
        new Request(2, 0, 100));
    BlockReader.ReadBatch read = BlockReader.read(storage, batch, headers, copies);

    assertThat(decode(read.frames())).containsExactlyElementsOf(batch.stream().map(this::expected).toList());
    read.release().run();
    assertThat(headers.idleCount()).isEqualTo(1);
    assertThat(copies.idleCount()).as("the padded run was copied into a pooled buffer").isEqualTo(1);
  }

  @Test
  void aFailedReadGivesItsBuffersBack() throws IOException {
    storage.close();
    assertThatThrownBy(() -> BlockReader.read(storage, List.of(new Request(0, 0, 16384)), headers, copies))
        .isInstanceOf(IOException.class);
    assertThat(headers.idleCount()).isEqualTo(1);
  }

  private PeerMessage.Piece expected(Request r) {
    int at = r.piece() * PIECE + r.begin();
    return new PeerMessage.Piece(r.piece(), r.begin(), ByteBuffer.wrap(Arrays.copyOfRange(data, at, at + r.length())));
  }

  private static List<PeerMessage.Piece> decode(List<ByteBuffer> frames) {
    ByteBuffer wire = ByteBuffer.allocate(frames.stream().mapToInt(ByteBuffer::remaining).sum());
    frames.forEach(f -> wire.put(f.duplicate()));
    wire.flip();
    List<PeerMessage.Piece> out = new ArrayList<>();
    while (wire.hasRemaining()) {
      int length = wire.getInt();
      assertThat(wire.get()).as("piece message id").isEqualTo((byte) 7);
      int piece = wire.getInt();
      int begin = wire.getInt();
      byte[] block = new byte[length - 9];
      wire.get(block);
      out.add(new PeerMessage.Piece(piece, begin, ByteBuffer.wrap(block)));
    }
    return out;
  }
}
