package io.seedfleet.engine.torrent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * Finds the peer that sent bad data. Each block of a piece in progress remembers its sender. When a
 * piece fails its hash and one peer sent all of it, that peer is the culprit. When several peers
 * contributed, the failed blocks' checksums are kept; once the piece later passes, every peer whose
 * block differs from the good one lied. As a fallback for liars that cannot be pinned down, each
 * failure it took part in is a strike and each good piece it helped with takes one away; a peer at
 * {@link #STRIKES_TO_BAN} net strikes is banned. The credit matters: an honest peer that shares
 * pieces with a liar collects strikes too, but it also delivers good pieces. Pure bookkeeping,
 * owned by one actor.
 */
final class SmartBan {
  static final int STRIKES_TO_BAN = 5;
  /** Good pieces bank at most this much credit against later strikes. */
  static final int MAX_CREDIT = 10;
  private static final int BLOCK = 16 * 1024;

  private final Map<Integer, int[]> senders = new HashMap<>();
  private final Map<Integer, Suspect> suspects = new HashMap<>();
  private final Map<Integer, Integer> strikes = new HashMap<>();
  /** Peers already found lying: a failed piece they contributed to is blamed on them alone. */
  private final java.util.Set<Integer> convicted = new java.util.HashSet<>();
  private final int pieceLength;

  private record Suspect(int[] senders, long[] digests) {}

  SmartBan(int pieceLength) {
    this.pieceLength = pieceLength;
  }

  void recordSender(int piece, int begin, int peer) {
    int[] bySlot = senders.computeIfAbsent(piece, p -> newSlots());
    bySlot[begin / BLOCK] = peer;
  }

  /** True when a verified piece must be read back block by block to convict an earlier liar. */
  boolean needsDigestsOnSuccess(int piece) {
    return suspects.containsKey(piece);
  }

  /** CRC32C of each block of an assembled piece. Runs on a disk thread. */
  static long[] blockDigests(java.nio.ByteBuffer piece) {
    int pieceSize = piece.remaining();
    int blocks = (pieceSize + BLOCK - 1) / BLOCK;
    long[] digests = new long[blocks];
    CRC32C crc = new CRC32C();
    for (int b = 0; b < blocks; b++) {
      crc.reset();
      crc.update(piece.slice(piece.position() + b * BLOCK, Math.min(BLOCK, pieceSize - b * BLOCK)));
      digests[b] = crc.getValue();
    }
    return digests;
  }

  /** A piece failed its hash; returns the peers to ban now. */
  List<Integer> pieceFailed(int piece, long[] digests) {
    int[] bySlot = senders.remove(piece);
    if (bySlot == null) {
      return List.of();
    }
    Set<Integer> involved = distinctSenders(bySlot);
    List<Integer> ban = new ArrayList<>();
    if (involved.size() == 1) {
      ban.addAll(involved);
    } else {
      suspects.put(piece, new Suspect(bySlot, digests));
      boolean knownLiarInvolved = involved.stream().anyMatch(convicted::contains);
      if (!knownLiarInvolved) {
        for (int peer : involved) {
          if (strikes.merge(peer, 1, Integer::sum) >= STRIKES_TO_BAN) {
            ban.add(peer);
          }
        }
      }
    }
    convicted.addAll(ban);
    return ban;
  }

  /** A piece passed; returns the peers whose earlier blocks for it differ from the good data. */
  List<Integer> pieceVerified(int piece, long[] digests) {
    int[] bySlot = senders.remove(piece);
    if (bySlot != null) {
      for (int peer : distinctSenders(bySlot)) {
        strikes.merge(peer, -1, (a, b) -> Math.max(-MAX_CREDIT, a + b));
      }
    }
    Suspect suspect = suspects.remove(piece);
    if (suspect == null || digests == null) {
      return List.of();
    }
    Set<Integer> liars = new LinkedHashSet<>();
    for (int b = 0; b < digests.length && b < suspect.digests().length; b++) {
      int sender = suspect.senders()[b];
      if (sender >= 0 && suspect.digests()[b] != digests[b]) {
        liars.add(sender);
      }
    }
    convicted.addAll(liars);
    return new ArrayList<>(liars);
  }

  private int[] newSlots() {
    int[] slots = new int[(pieceLength + BLOCK - 1) / BLOCK];
    java.util.Arrays.fill(slots, -1);
    return slots;
  }

  private static Set<Integer> distinctSenders(int[] bySlot) {
    Set<Integer> distinct = new LinkedHashSet<>();
    for (int peer : bySlot) {
      if (peer >= 0) {
        distinct.add(peer);
      }
    }
    return distinct;
  }
}
