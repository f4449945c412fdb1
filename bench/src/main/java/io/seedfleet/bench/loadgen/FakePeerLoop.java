package io.seedfleet.bench.loadgen;

import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.metainfo.Metainfo;
import io.seedfleet.engine.wire.Handshake;
import io.seedfleet.engine.wire.HandshakeCodec;
import io.seedfleet.engine.wire.PeerId;
import io.seedfleet.engine.wire.PeerMessage;
import io.seedfleet.engine.wire.ReservedBits;
import io.seedfleet.engine.wire.WireEncoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One selector thread driving its share of the fake peers: it starts connects at the ramp's pace,
 * reads and discards what the node sends, and once every {@link #SCAN_NANOS} walks its peers to
 * send what is due (a block request from an unchoked peer, a keep-alive). No timer per connection.
 */
final class FakePeerLoop implements Runnable {
  private static final long SCAN_NANOS = 250_000_000L;
  /** A request the node neither served nor rejected for this long is given up (then asked again). */
  private static final long REQUEST_GIVE_UP_NANOS = 60_000_000_000L;

  private final LoadSettings settings;
  private final Metainfo torrent;
  private final InfoHash infoHash;
  private final LoadCounters counters;
  private final Selector selector;
  private final Ramp ramp;
  private final byte[] peerIdPrefix;
  private final ReservedBits reserved;
  private final SplittableRandom random;
  private final List<FakePeer> peers = new ArrayList<>();
  private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
  private final ByteBuffer writeBuffer = ByteBuffer.allocate(HandshakeCodec.LENGTH + 64);
  private final List<PeerMessage> scratch = new ArrayList<>();
  private volatile int target;
  private volatile boolean running = true;
  private long nextPeerNumber;
  private long lastScanNanos;
  // Gauges, written by the loop thread only, read by the status printer.
  private volatile int open;
  private volatile int pending;
  private volatile int active;
  private volatile int unchoked;

  FakePeerLoop(LoadSettings settings, Metainfo torrent, LoadCounters counters, int index, byte[] runId) throws IOException {
    this.settings = settings;
    this.torrent = torrent;
    this.infoHash = torrent.infoHash();
    this.counters = counters;
    this.selector = Selector.open();
    long now = System.nanoTime();
    int share = Math.max(1, settings.rampPerSecond() / settings.threads());
    this.ramp = new Ramp(share, Math.max(1, settings.maxPending() / settings.threads()), now);
    this.lastScanNanos = now;
    this.random = new SplittableRandom(now ^ index);
    // "-FP0001-", then 4 bytes of this run, 1 of the thread, 7 of a counter: unique per peer
    this.peerIdPrefix = new byte[13];
    System.arraycopy("-FP0001-".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, peerIdPrefix, 0, 8);
    System.arraycopy(runId, 0, peerIdPrefix, 8, 4);
    peerIdPrefix[12] = (byte) index;
    ReservedBits.Builder bits = ReservedBits.builder();
    if (settings.fast()) {
      bits.fast();
    }
    if (settings.extensionProtocol()) {
      bits.extensionProtocol();
    }
    this.reserved = bits.build();
  }

  void setTarget(int target) {
    this.target = target;
    selector.wakeup();
  }

  void stop() {
    running = false;
    selector.wakeup();
  }

  int openCount() {
    return open;
  }

  int pendingCount() {
    return pending;
  }

  int activeCount() {
    return active;
  }

  int unchokedCount() {
    return unchoked;
  }

  @Override
  public void run() {
    try {
      while (running) {
        selector.select(50);
        for (SelectionKey key : selector.selectedKeys()) {
          service(key);
        }
        selector.selectedKeys().clear();
        long now = System.nanoTime();
        startConnects(now);
        if (now - lastScanNanos >= SCAN_NANOS) {
          lastScanNanos = now;
          scan(now);
        }
      }
    } catch (IOException e) {
      System.err.println("fake peer loop failed: " + e);
    } finally {
      peers.forEach(p -> close(p, false));
      try {
        selector.close();
      } catch (IOException ignored) {
        // exiting
      }
    }
  }

  private void startConnects(long now) {
    int n = ramp.allowed(target, open - pending, pending, now);
    for (int i = 0; i < n; i++) {
      counters.connectsStarted.increment();
      SocketChannel channel = null;
      try {
        channel = SocketChannel.open();
        channel.configureBlocking(false);
        FakePeer peer = new FakePeer(channel, nextPeerId());
        peers.add(peer);
        open++;
        pending++;
        if (channel.connect(settings.node())) {
          peer.key = channel.register(selector, 0, peer);
          connected(peer, now);
        } else {
          peer.key = channel.register(selector, SelectionKey.OP_CONNECT, peer);
        }
      } catch (IOException e) {
        counters.connectFailed.increment();
        if (channel != null && !peers.isEmpty() && peers.getLast().channel == channel) {
          close(peers.getLast(), false);
        } else if (channel != null) {
          try {
            channel.close();
          } catch (IOException ignored) {
            // it never opened
          }
        }
      }
    }
    // a lowered target closes the newest connections first
    for (int i = peers.size() - 1; i >= 0 && open > target; i--) {
      close(peers.get(i), false);
    }
  }

  private byte[] nextPeerId() {
    byte[] id = new byte[PeerId.LENGTH];
    System.arraycopy(peerIdPrefix, 0, id, 0, peerIdPrefix.length);
    long n = nextPeerNumber++;
    for (int i = PeerId.LENGTH - 1; i >= peerIdPrefix.length; i--) {
      id[i] = (byte) ('0' + n % 10); // printable, like real clients' ids
      n /= 10;
    }
    return id;
  }

  private void service(SelectionKey key) {
    FakePeer peer = (FakePeer) key.attachment();
    if (!key.isValid() || peer.phase == FakePeer.Phase.CLOSED) {
      return;
    }
    try {
      if (key.isConnectable()) {
        peer.channel.finishConnect();
        connected(peer, System.nanoTime());
        return;
      }
      if (key.isWritable()) {
        flush(peer);
      }
      if (key.isValid() && key.isReadable()) {
        read(peer);
      }
    } catch (IOException e) {
      if (peer.phase == FakePeer.Phase.CONNECTING) {
        counters.connectFailed.increment();
        close(peer, false);
      } else {
        close(peer, true);
      }
    }
  }

  private void connected(FakePeer peer, long now) throws IOException {
    counters.connected.increment();
    peer.phase = FakePeer.Phase.AWAITING_HANDSHAKE;
    peer.key.interestOps(SelectionKey.OP_READ);
    writeBuffer.clear();
    HandshakeCodec.encode(new Handshake(reserved, infoHash, PeerId.of(peer.peerId)), writeBuffer);
    send(peer, now);
  }

  private void read(FakePeer peer) throws IOException {
    for (int round = 0; round < 4; round++) {
      readBuffer.clear();
      int n = peer.channel.read(readBuffer);
      if (n < 0) {
        close(peer, true);
        return;
      }
      if (n == 0) {
        return;
      }
      readBuffer.flip();
      boolean wasUnchoked = peer.unchoked;
      FakePeer.Events events = peer.read(readBuffer, infoHash, scratch);
      if (events.failed()) {
        counters.badHandshakes.increment();
        close(peer, false);
        return;
      }
      if (events.handshaken()) {
        counters.handshaken.increment();
        pending--;
        active++;
        peer.nextRequestNanos = System.nanoTime() + jitteredInterval();
        message(peer, PeerMessage.Interested.INSTANCE);
      }
      if (peer.unchoked != wasUnchoked) {
        unchoked += peer.unchoked ? 1 : -1;
      }
      counters.unchokes.add(events.unchokes());
      counters.blocks.add(events.blocks());
      counters.rejects.add(events.rejects());
      if (n < readBuffer.capacity()) {
        return;
      }
    }
  }

  /** Sends what is due: a block request from an unchoked peer, else a keep-alive when quiet too long. */
  private void scan(long now) {
    long interval = settings.requestInterval().toNanos();
    long keepAlive = settings.keepAlive().toNanos();
    int kept = 0;
    for (int i = 0; i < peers.size(); i++) {
      FakePeer peer = peers.get(i);
      if (peer.phase == FakePeer.Phase.CLOSED) {
        continue;
      }
      peers.set(kept++, peer);
      if (peer.phase != FakePeer.Phase.ACTIVE) {
        continue;
      }
      if (interval > 0 && peer.unchoked && now - peer.nextRequestNanos >= 0
          && (!peer.requestOutstanding || now - peer.nextRequestNanos > REQUEST_GIVE_UP_NANOS)) {
        message(peer, randomBlock());
        peer.requestOutstanding = true;
        peer.nextRequestNanos = now + jitteredInterval();
        counters.requests.increment();
      } else if (now - peer.lastSentNanos >= keepAlive) {
        message(peer, PeerMessage.KeepAlive.INSTANCE);
      }
    }
    peers.subList(kept, peers.size()).clear();
  }

  /** The interval with ±50 % jitter, so that peers do not ask in lockstep. */
  private long jitteredInterval() {
    long interval = settings.requestInterval().toNanos();
    return interval <= 0 ? Long.MAX_VALUE / 4 : interval / 2 + random.nextLong(interval);
  }

  private PeerMessage.Request randomBlock() {
    int piece = random.nextInt(torrent.pieceCount());
    long pieceStart = (long) piece * torrent.pieceLength();
    int pieceLength = (int) Math.min(torrent.pieceLength(), torrent.totalLength() - pieceStart);
    int blocks = (pieceLength + Metainfo.BLOCK_SIZE - 1) / Metainfo.BLOCK_SIZE;
    int begin = random.nextInt(blocks) * Metainfo.BLOCK_SIZE;
    return new PeerMessage.Request(piece, begin, Math.min(Metainfo.BLOCK_SIZE, pieceLength - begin));
  }

  private void message(FakePeer peer, PeerMessage message) {
    writeBuffer.clear();
    WireEncoder.encode(message, writeBuffer);
    try {
      send(peer, System.nanoTime());
    } catch (IOException e) {
      close(peer, true);
    }
  }

  /** Writes {@link #writeBuffer}'s contents after anything still unsent; keeps what the socket refuses. */
  private void send(FakePeer peer, long now) throws IOException {
    writeBuffer.flip();
    peer.lastSentNanos = now;
    if (peer.unsent == null) {
      peer.channel.write(writeBuffer);
      if (!writeBuffer.hasRemaining()) {
        return;
      }
      peer.unsent = ByteBuffer.allocate(writeBuffer.remaining()).put(writeBuffer).flip();
    } else {
      ByteBuffer joined = ByteBuffer.allocate(peer.unsent.remaining() + writeBuffer.remaining());
      peer.unsent = joined.put(peer.unsent).put(writeBuffer).flip();
    }
    peer.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
  }

  private void flush(FakePeer peer) throws IOException {
    if (peer.unsent != null) {
      peer.channel.write(peer.unsent);
      if (peer.unsent.hasRemaining()) {
        return;
      }
      peer.unsent = null;
    }
    peer.key.interestOps(SelectionKey.OP_READ);
  }

  /** Closes a peer; {@code byNode} when the node ended it (EOF, reset) rather than this generator. */
  private void close(FakePeer peer, boolean byNode) {
    if (peer.phase == FakePeer.Phase.CLOSED) {
      return;
    }
    if (byNode) {
      counters.closedByNode.increment();
    }
    if (peer.phase == FakePeer.Phase.ACTIVE) {
      active--;
    } else {
      pending--;
    }
    if (peer.unchoked) {
      unchoked--;
    }
    open--;
    peer.phase = FakePeer.Phase.CLOSED;
    if (peer.key != null) {
      peer.key.cancel();
    }
    try {
      peer.channel.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
