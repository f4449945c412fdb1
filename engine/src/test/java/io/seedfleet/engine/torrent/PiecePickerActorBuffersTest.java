package io.seedfleet.engine.torrent;

import static org.assertj.core.api.Assertions.assertThat;

import io.seedfleet.engine.metainfo.CreateOptions;
import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.engine.metainfo.TorrentCreator;
import io.seedfleet.engine.peer.PeerConnection;
import io.seedfleet.engine.picker.BlockRequest;
import io.seedfleet.testing.TestContent;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The picker's piece buffers (ADR 0017): a piece the picker gives up on gives its buffer back. */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
class PiecePickerActorBuffersTest {
  private static final int PIECE = 32 * 1024;
  private static final int PIECES = 9;

  @JUnit5TestKit public ActorTestKit testKit = new JUnit5TestKitBuilder().build();

  @TempDir Path tmp;

  @Test
  void aPieceWhoseRequestsAllCameBackEmptyHandsItsBufferBack() throws Exception {
    Path file = tmp.resolve("payload.bin");
    TestContent.singleFile(file, (long) PIECES * PIECE, 3);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    Metainfo metainfo;
    try {
      metainfo = Metainfo.parse(TorrentCreator.create(file, new CreateOptions(PIECE, List.of(), false, null, "t"), pool));
    } finally {
      pool.shutdownNow();
    }
    int rounds = PIECES - 1;
    IdlePieceBuffers idle = new IdlePieceBuffers((long) rounds * PIECE);
    for (int i = 0; i < rounds; i++) {
      assertThat(idle.give(ByteBuffer.allocateDirect(PIECE))).isTrue();
    }
    PieceBuffers buffers = new PieceBuffers(PIECE, metainfo.totalLength(), PieceBuffers.BUDGET_BYTES, idle);
    TestProbe<Torrent.Command> torrent = testKit.createTestProbe();
    TestProbe<PeerConnection.Command> connection = testKit.createTestProbe();
    TestProbe<PiecePickerActor.Picked> picked = testKit.createTestProbe();
    ActorRef<PiecePickerActor.Command> picker = testKit.spawn(
        PiecePickerActor.create(metainfo, null, Runnable::run, torrent.getRef(), new BitSet(), buffers));

    // Each round a new peer offers one piece, is asked for all of it, and answers none of it: it
    // chokes us, rejects the requests, or leaves. Nothing of the piece arrived, so the picker puts
    // it back among the fresh pieces, and its buffer is not needed until it is picked again.
    for (int round = 0; round < rounds; round++) {
      int peer = round + 1;
      BitSet offered = new BitSet();
      offered.set(round);
      picker.tell(new PiecePickerActor.PeerJoined(peer, connection.getRef()));
      picker.tell(new PiecePickerActor.PeerBitfield(peer, offered));
      picker.tell(new PiecePickerActor.Pick(peer, 2, picked.getRef()));
      List<BlockRequest> requests = picked.receiveMessage().requests();
      assertThat(requests).extracting(BlockRequest::piece).containsOnly(round).hasSize(2);
      switch (round % 3) {
        case 0 -> picker.tell(new PiecePickerActor.PeerChoked(peer));
        case 1 -> requests.forEach(r -> picker.tell(new PiecePickerActor.RequestAborted(peer, r.piece(), r.begin())));
        default -> picker.tell(new PiecePickerActor.PeerLeft(peer));
      }
    }
    picker.tell(new PiecePickerActor.Pick(-1, 1, picked.getRef())); // an unknown peer: gets nothing
    assertThat(picked.receiveMessage().requests()).isEmpty(); // and every earlier message is handled

    assertThat(idle.idleBytes())
        .as("one buffer in use at a time: the abandoned pieces' buffers came back for the next one")
        .isEqualTo((long) (rounds - 1) * PIECE);
  }
}
