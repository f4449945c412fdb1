package io.seedfleet.engine.torrent;

import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.engine.peer.PeerConnection;
import io.seedfleet.engine.picker.BlockRequest;
import io.seedfleet.engine.picker.BlockResult;
import io.seedfleet.engine.picker.PiecePicker;
import io.seedfleet.engine.storage.TorrentStorage;
import io.seedfleet.engine.wire.PeerMessage;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * One per torrent: owns piece availability and in-flight blocks (through the pure
 * {@link PiecePicker}), answers "what next" for each peer, and takes received blocks to disk and
 * then to the hash check. A piece becomes "have" only after its bytes were written and the SHA-1 of
 * what is on disk matched.
 */
public final class PiecePickerActor extends AbstractBehavior<PiecePickerActor.Command> {

  public sealed interface Command {}

  public record PeerJoined(int peer, ActorRef<PeerConnection.Command> connection) implements Command {}

  public record PeerBitfield(int peer, BitSet pieces) implements Command {}

  public record PeerHaveAll(int peer) implements Command {}

  public record PeerHave(int peer, int piece) implements Command {}

  public record PeerLeft(int peer) implements Command {}

  /** The peer choked us or stopped answering: its outstanding requests go back to the pool. */
  public record PeerChoked(int peer) implements Command {}

  public record RequestAborted(int peer, int piece, int begin) implements Command {}

  public record Pick(int peer, int maxBlocks, ActorRef<Picked> replyTo) implements Command {}

  public record Picked(List<BlockRequest> requests) {}

  /** Blocks that arrived from a peer, each matching one of that peer's outstanding requests. */
  public record BlocksReceived(int peer, List<PeerMessage.Piece> blocks) implements Command {}

  /** Per-piece priorities, 0 meaning "do not download". */
  public record SetPiecePriorities(int[] priorities) implements Command {}

  /** Storage works again (e.g. space was freed after a full disk): pick and write pieces again. */
  public enum WriteAgain implements Command { INSTANCE }

  /**
   * A completed piece was hashed and, when it matched, written. {@code digests} are per-block
   * checksums, computed only when smart-ban needs them; {@code error} is a write failure.
   */
  private record Checked(int piece, boolean matches, long[] digests, Throwable error) implements Command {}

  private record CheckOutcome(boolean matches, long[] digests) {}

  private record Flushed(Throwable error) implements Command {}

  private static final long FLUSH_EVERY_BYTES = 64L << 20;

  private final Metainfo metainfo;
  private final TorrentStorage storage;
  private final Executor disk;
  private final ActorRef<Torrent.Command> torrent;
  private final PiecePicker picker;
  private final SmartBan smartBan;
  private final Map<Integer, ActorRef<PeerConnection.Command>> peers = new HashMap<>();
  private final Map<Integer, BitSet> peerPieces = new HashMap<>();
  private final BitSet allPieces;
  /** Pieces being assembled in memory: hashed whole, then written in one call when they pass. */
  private final PieceBuffers buffers;
  private boolean failed;
  /** Bytes written since the last background flush. */
  private long unflushedBytes;
  private boolean flushRunning;

  private PiecePickerActor(
      ActorContext<Command> context, Metainfo metainfo, TorrentStorage storage, Executor disk,
      ActorRef<Torrent.Command> torrent, BitSet have, PieceBuffers buffers) {
    super(context);
    this.metainfo = metainfo;
    this.storage = storage;
    this.disk = disk;
    this.torrent = torrent;
    this.picker = new PiecePicker(metainfo.pieceCount(), metainfo.pieceLength(), metainfo.totalLength(), new Random());
    have.stream().forEach(picker::markHave);
    this.smartBan = new SmartBan(metainfo.pieceLength());
    this.allPieces = new BitSet(metainfo.pieceCount());
    allPieces.set(0, metainfo.pieceCount());
    this.buffers = buffers;
    picker.setMaxPartialPieces(PieceBuffers.maxPieces(metainfo.pieceLength()));
  }

  /** @param buffers where pieces are assembled; shared with the connections, whose blocks land there */
  public static Behavior<Command> create(Metainfo metainfo, TorrentStorage storage, Executor disk,
      ActorRef<Torrent.Command> torrent, BitSet have, PieceBuffers buffers) {
    return Behaviors.setup(ctx -> new PiecePickerActor(ctx, metainfo, storage, disk, torrent, have, buffers));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(PeerJoined.class, this::onPeerJoined)
        .onMessage(PeerBitfield.class, this::onPeerBitfield)
        .onMessage(PeerHaveAll.class, this::onPeerHaveAll)
        .onMessage(PeerHave.class, this::onPeerHave)
        .onMessage(PeerLeft.class, this::onPeerLeft)
        .onMessage(PeerChoked.class, this::onPeerChoked)
        .onMessage(RequestAborted.class, this::onRequestAborted)
        .onMessage(Pick.class, this::onPick)
        .onMessage(BlocksReceived.class, this::onBlocksReceived)
        .onMessage(SetPiecePriorities.class, this::onSetPiecePriorities)
        .onMessage(WriteAgain.class, w -> onWriteAgain())
        .onMessage(Checked.class, this::onChecked)
        .onMessage(Flushed.class, this::onFlushed)
        .build();
  }

  private Behavior<Command> onPeerJoined(PeerJoined joined) {
    peers.put(joined.peer(), joined.connection());
    peerPieces.put(joined.peer(), new BitSet(metainfo.pieceCount()));
    return this;
  }

  private Behavior<Command> onPeerBitfield(PeerBitfield bitfield) {
    peerPieces.put(bitfield.peer(), bitfield.pieces());
    picker.peerBitfield(bitfield.peer(), bitfield.pieces());
    return this;
  }

  private Behavior<Command> onPeerHaveAll(PeerHaveAll all) {
    peerPieces.put(all.peer(), allPieces);
    picker.peerHasAll(all.peer());
    return this;
  }

  private Behavior<Command> onPeerHave(PeerHave have) {
    BitSet pieces = peerPieces.get(have.peer());
    if (pieces != null && pieces != allPieces && !pieces.get(have.piece())) {
      pieces.set(have.piece());
      picker.peerHas(have.peer(), have.piece());
    }
    return this;
  }

  private Behavior<Command> onPeerLeft(PeerLeft left) {
    if (peers.remove(left.peer()) != null) {
      peerPieces.remove(left.peer());
      picker.peerLeft(left.peer());
    }
    return this;
  }

  private Behavior<Command> onPeerChoked(PeerChoked choked) {
    picker.peerChoked(choked.peer());
    return this;
  }

  private Behavior<Command> onRequestAborted(RequestAborted aborted) {
    picker.requestAborted(aborted.peer(), aborted.piece(), aborted.begin());
    return this;
  }

  private Behavior<Command> onPick(Pick pick) {
    BitSet pieces = peerPieces.get(pick.peer());
    List<BlockRequest> out = new ArrayList<>(pick.maxBlocks());
    if (pieces != null && !failed) {
      picker.pick(pick.peer(), pieces, pick.maxBlocks(), out);
      out.forEach(request -> buffers.open(request.piece())); // before the answers can arrive
    }
    pick.replyTo().tell(new Picked(out));
    return this;
  }

  private Behavior<Command> onSetPiecePriorities(SetPiecePriorities set) {
    int[] priorities = set.priorities();
    for (int piece = 0; piece < priorities.length; piece++) {
      picker.setPiecePriority(piece, priorities[piece]);
    }
    torrent.tell(new Torrent.WantedChanged(picker.wantedRemaining()));
    return this;
  }

  private Behavior<Command> onBlocksReceived(BlocksReceived received) {
    for (PeerMessage.Piece block : received.blocks()) {
      ByteBuffer bytes = block.block();
      int filledBy = PieceBuffers.isLanded(bytes)
          ? buffers.filledBy(block.piece(), block.begin())
          : buffers.putCopy(block.piece(), block.begin(), bytes, received.peer());
      if (filledBy < 0) {
        // The piece was finished or failed meanwhile (or the block fits no slot): nothing to count;
        // the request is void, so the block is picked again if still wanted.
        picker.requestAborted(received.peer(), block.piece(), block.begin());
        continue;
      }
      BlockResult result = picker.blockReceived(received.peer(), block.piece(), block.begin());
      if (!result.expected()) {
        continue; // endgame duplicate or a block of a piece we already have
      }
      for (int other : result.cancelPeers()) {
        ActorRef<PeerConnection.Command> ref = peers.get(other);
        if (ref != null) {
          ref.tell(new PeerConnection.CancelBlock(block.piece(), block.begin(), block.block().remaining()));
        }
      }
      smartBan.recordSender(block.piece(), block.begin(), filledBy); // whose bytes are there
      if (result.pieceComplete()) {
        check(block.piece());
      }
    }
    return this;
  }

  /** Off the actor: hash the assembled piece; write it only when it matches. */
  private void check(int piece) {
    ByteBuffer data = buffers.take(piece).limit(metainfo.pieceSize(piece));
    boolean digestsOnSuccess = smartBan.needsDigestsOnSuccess(piece);
    CompletableFuture.supplyAsync(() -> {
          boolean matches = metainfo.pieceHashMatches(piece, Sha1.of(data));
          if (matches) {
            try {
              storage.writePiece(piece, data.duplicate());
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }
          return new CheckOutcome(matches, !matches || digestsOnSuccess ? SmartBan.blockDigests(data) : null);
        }, disk)
        .whenComplete((outcome, error) -> {
          buffers.recycle(data);
          getContext().getSelf().tell(error != null
              ? new Checked(piece, false, null, error)
              : new Checked(piece, outcome.matches(), outcome.digests(), null));
        });
  }

  /**
   * Starts writeback while the download runs (the disk is otherwise idle), so the final flush
   * before "complete" has little left to do.
   */
  private void flushInBackgroundNow(long written) {
    unflushedBytes += written;
    if (unflushedBytes < FLUSH_EVERY_BYTES || flushRunning) {
      return;
    }
    unflushedBytes = 0;
    flushRunning = true;
    CompletableFuture.runAsync(() -> {
      try {
        storage.flush();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }, disk).whenComplete((ok, error) -> getContext().getSelf().tell(new Flushed(error)));
  }

  private Behavior<Command> onFlushed(Flushed flushed) {
    flushRunning = false;
    if (flushed.error() != null) {
      failed = true;
      Throwable cause = unwrap(flushed.error());
      torrent.tell(new Torrent.StorageFailed("cannot flush to disk: " + cause.getMessage(), StorageFaults.isDiskFull(cause)));
    }
    return this;
  }

  private Behavior<Command> onChecked(Checked hashed) {
    int piece = hashed.piece();
    if (hashed.error() != null) {
      failed = true;
      picker.pieceFailed(piece); // not written: wanted again once storage works, and no peer is to blame
      Throwable cause = unwrap(hashed.error());
      torrent.tell(new Torrent.StorageFailed("cannot write piece " + piece + ": " + cause.getMessage(),
          StorageFaults.isDiskFull(cause)));
      return this;
    }
    if (hashed.matches()) {
      flushInBackgroundNow(metainfo.pieceSize(piece));
      picker.pieceVerified(piece);
      List<Integer> liars = smartBan.pieceVerified(piece, hashed.digests());
      boolean complete = picker.isComplete();
      if (complete) {
        buffers.dropPool();
      }
      torrent.tell(new Torrent.PieceVerified(piece, complete));
      liars.forEach(peer -> torrent.tell(new Torrent.BanPeer(peer, "sent corrupt data for piece " + piece)));
    } else {
      picker.pieceFailed(piece);
      List<Integer> culprits = smartBan.pieceFailed(piece, hashed.digests());
      torrent.tell(new Torrent.PieceFailed(piece));
      culprits.forEach(peer -> torrent.tell(new Torrent.BanPeer(peer, "piece " + piece + " failed its hash check")));
    }
    return this;
  }

  private Behavior<Command> onWriteAgain() {
    failed = false;
    return this;
  }

  private static Throwable unwrap(Throwable error) {
    Throwable t = error;
    while ((t instanceof java.util.concurrent.CompletionException || t instanceof java.io.UncheckedIOException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
