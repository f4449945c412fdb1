package io.seedfleet.engine.peer;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A scripted BitTorrent peer for tests: it dials an engine over loopback and sends exactly the bytes
 * a test asks for, well-formed or not. Its encoding is written independently of the engine's codec
 * (plain {@link ByteBuffer} puts), so a test that passes does not merely prove the codec agrees with
 * itself.
 */
public final class FakePeer implements AutoCloseable {
  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  private FakePeer(Socket socket) throws IOException {
    this.socket = socket;
    socket.setSoTimeout(15_000);
    socket.setTcpNoDelay(true);
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  public static FakePeer connect(InetSocketAddress address) throws IOException {
    return new FakePeer(new Socket(address.getAddress(), address.getPort()));
  }

  /** Waits for the engine to dial {@code server}. */
  public static FakePeer accept(java.net.ServerSocket server) throws IOException {
    return new FakePeer(server.accept());
  }

  /** Sends a plaintext handshake advertising the fast extension and the extension protocol. */
  public void handshake(byte[] infoHash, byte[] peerId) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(68);
    b.put((byte) 19).put("BitTorrent protocol".getBytes(StandardCharsets.US_ASCII));
    b.put(new byte[] {0, 0, 0, 0, 0, 0x10, 0, 0x04});
    b.put(infoHash).put(peerId);
    out.write(b.array());
  }

  /** Reads the engine's 68-byte handshake and returns it. */
  public byte[] readHandshake() throws IOException {
    byte[] hs = new byte[68];
    in.readFully(hs);
    return hs;
  }

  public void sendHaveAll() throws IOException {
    sendMessage(14, new byte[0]);
  }

  public void sendHaveNone() throws IOException {
    sendMessage(15, new byte[0]);
  }

  public void sendUnchoke() throws IOException {
    sendMessage(1, new byte[0]);
  }

  public void sendInterested() throws IOException {
    sendMessage(2, new byte[0]);
  }

  public void sendHave(int piece) throws IOException {
    sendMessage(4, ByteBuffer.allocate(4).putInt(piece).array());
  }

  public void sendBitfield(byte[] bits) throws IOException {
    sendMessage(5, bits);
  }

  public void sendRequest(int piece, int begin, int length) throws IOException {
    sendMessage(6, ByteBuffer.allocate(12).putInt(piece).putInt(begin).putInt(length).array());
  }

  public void sendPiece(int piece, int begin, byte[] block) throws IOException {
    sendMessage(7, ByteBuffer.allocate(8 + block.length).putInt(piece).putInt(begin).put(block).array());
  }

  /** A frame whose length prefix announces {@code length} bytes; only the prefix and id are sent. */
  public void sendLengthPrefix(int length, int id) throws IOException {
    out.write(ByteBuffer.allocate(5).putInt(length).put((byte) id).array());
  }

  public void sendMessage(int id, byte[] payload) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(5 + payload.length);
    b.putInt(1 + payload.length).put((byte) id).put(payload);
    out.write(b.array());
  }

  /** A BEP 10 extended message: id 20, then the extended id, then the payload. */
  public void sendExtended(int extendedId, byte[] payload) throws IOException {
    byte[] body = new byte[1 + payload.length];
    body[0] = (byte) extendedId;
    System.arraycopy(payload, 0, body, 1, payload.length);
    sendMessage(20, body);
  }

  /** Reads messages until an extended one with {@code extendedId} arrives; returns its payload. */
  public byte[] awaitExtended(int extendedId) throws IOException {
    while (true) {
      Message m = awaitMessage(20);
      if ((m.payload()[0] & 0xFF) == extendedId) {
        return Arrays.copyOfRange(m.payload(), 1, m.payload().length);
      }
    }
  }

  public void sendRaw(byte[] bytes) throws IOException {
    out.write(bytes);
  }

  /** One message read from the engine: its id (-1 for keep-alive) and payload. */
  public record Message(int id, byte[] payload) {
    public int intAt(int offset) {
      return ByteBuffer.wrap(payload, offset, 4).getInt();
    }

    @Override
    public String toString() {
      return "Message[id=" + id + ", payload=" + payload.length + " bytes]";
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Message m && m.id == id && Arrays.equals(m.payload, payload);
    }

    @Override
    public int hashCode() {
      return 31 * id + Arrays.hashCode(payload);
    }
  }

  public Message readMessage() throws IOException {
    int length = in.readInt();
    if (length == 0) {
      return new Message(-1, new byte[0]);
    }
    if (length < 0 || length > (1 << 21)) {
      throw new IOException("bad length from engine: " + length);
    }
    int id = in.readUnsignedByte();
    byte[] payload = new byte[length - 1];
    in.readFully(payload);
    return new Message(id, payload);
  }

  /** Reads messages until one with {@code id} arrives. */
  public Message awaitMessage(int id) throws IOException {
    while (true) {
      Message m = readMessage();
      if (m.id() == id) {
        return m;
      }
    }
  }

  /** True when the engine closed the connection (EOF or reset) within the socket timeout. */
  public boolean awaitClosed() throws IOException {
    try {
      while (true) {
        readMessage();
      }
    } catch (EOFException | java.net.SocketException e) {
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
