package io.seedfleet.engine.wire.extension;

import io.seedfleet.engine.metainfo.InfoHash;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.BitSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Collects the 16 KiB pieces of an info dictionary fetched over BEP 9 and checks the whole against
 * the info-hash before anyone may use it. Pure and single-threaded: the fetching actor owns it.
 *
 * <p>Memory is bounded by the size given at construction (at most 30 MiB), which the caller takes
 * from a peer's extended handshake; pieces of the wrong size are refused, not stored. On a hash
 * mismatch every piece is discarded and the peers that supplied any of them are reported, since
 * any one of them may have lied.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0009.html">BEP 9</a>
 */
public final class MetadataAssembler {
  /** What {@link #accept} did with a piece. */
  public enum Accepted { STORED, DUPLICATE, WRONG_SIZE, OUT_OF_RANGE }

  /** The outcome of {@link #verify}. */
  public sealed interface Verification {
    /** The metadata hashes to the info-hash; {@code infoDict} is a fresh copy. */
    record Verified(byte[] infoDict) implements Verification {}

    /** Not the torrent we asked for: all pieces were discarded. */
    record Mismatch(Set<Integer> sources) implements Verification {
      public Mismatch {
        sources = Set.copyOf(sources);
      }
    }
  }

  private final InfoHash expected;
  private final int totalSize;
  private final int pieceCount;
  /** Allocated on the first stored piece: a peer that never delivers costs nothing. */
  private byte[] buffer;
  private final BitSet have = new BitSet();
  /** The peer that delivered each piece, by index; -1 where missing. */
  private final int[] sources;

  /**
   * @param totalSize the metadata size, 1..{@link UtMetadata#MAX_METADATA_SIZE}
   */
  public MetadataAssembler(InfoHash expected, int totalSize) {
    if (totalSize < 1 || totalSize > UtMetadata.MAX_METADATA_SIZE) {
      throw new IllegalArgumentException("metadata size out of range: " + totalSize);
    }
    this.expected = expected;
    this.totalSize = totalSize;
    this.pieceCount = UtMetadata.pieceCount(totalSize);
    this.sources = new int[pieceCount];
    java.util.Arrays.fill(sources, -1);
  }

  public int totalSize() {
    return totalSize;
  }

  public int pieceCount() {
    return pieceCount;
  }

  public int piecesHave() {
    return have.cardinality();
  }

  public boolean has(int piece) {
    return have.get(piece);
  }

  public boolean isComplete() {
    return have.cardinality() == pieceCount;
  }

  /** The lowest missing piece not in {@code inFlight}, or -1 when there is none. */
  public int nextMissing(BitSet inFlight) {
    for (int piece = have.nextClearBit(0); piece < pieceCount; piece = have.nextClearBit(piece + 1)) {
      if (!inFlight.get(piece)) {
        return piece;
      }
    }
    return -1;
  }

  /** Stores {@code data} as {@code piece}, supplied by the peer {@code source}, if its size is right. */
  public Accepted accept(int piece, ByteBuffer data, int source) {
    if (piece < 0 || piece >= pieceCount) {
      return Accepted.OUT_OF_RANGE;
    }
    if (data.remaining() != UtMetadata.pieceSize(totalSize, piece)) {
      return Accepted.WRONG_SIZE;
    }
    if (have.get(piece)) {
      return Accepted.DUPLICATE;
    }
    if (buffer == null) {
      buffer = new byte[totalSize];
    }
    data.duplicate().get(buffer, piece * UtMetadata.PIECE_SIZE, data.remaining());
    have.set(piece);
    sources[piece] = source;
    return Accepted.STORED;
  }

  /**
   * Checks the complete metadata against the info-hash. On a mismatch the assembler is empty again
   * and can be refilled from other peers.
   *
   * @throws IllegalStateException when pieces are missing
   */
  public Verification verify() {
    if (!isComplete()) {
      throw new IllegalStateException(piecesHave() + " of " + pieceCount + " metadata pieces");
    }
    if (expected.matches(sha1(buffer), 0)) {
      return new Verification.Verified(buffer.clone());
    }
    Set<Integer> liars = new TreeSet<>();
    for (int source : sources) {
      liars.add(source);
    }
    buffer = null;
    have.clear();
    java.util.Arrays.fill(sources, -1);
    return new Verification.Mismatch(liars);
  }

  private static byte[] sha1(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-1").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-1", e);
    }
  }
}
