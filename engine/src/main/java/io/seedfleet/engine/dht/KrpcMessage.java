package io.seedfleet.engine.dht;

import io.seedfleet.engine.bencode.BBytes;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

/**
 * KRPC messages of the Mainline DHT. Every message carries the transaction id {@code t} chosen by
 * the querying node (1..16 bytes here) and echoed in the answer. A response does not say which
 * query it answers, so {@link Response} holds the union of the answer fields and the caller
 * interprets it by the transaction it sent.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0005.html">BEP 5</a>
 */
public sealed interface KrpcMessage {
  int MAX_TRANSACTION_ID = 16;
  int MAX_TOKEN = 64;

  BBytes transactionId();

  /** A query; {@code sender} is the querying node's id, {@code readOnly} the BEP 43 flag. */
  sealed interface Query extends KrpcMessage {
    NodeId sender();

    boolean readOnly();
  }

  record Ping(BBytes transactionId, NodeId sender, boolean readOnly) implements Query {
    public Ping {
      checkTransaction(transactionId);
      Objects.requireNonNull(sender);
    }
  }

  record FindNode(BBytes transactionId, NodeId sender, NodeId target, boolean readOnly) implements Query {
    public FindNode {
      checkTransaction(transactionId);
      Objects.requireNonNull(sender);
      Objects.requireNonNull(target);
    }
  }

  record GetPeers(BBytes transactionId, NodeId sender, NodeId infoHash, boolean readOnly) implements Query {
    public GetPeers {
      checkTransaction(transactionId);
      Objects.requireNonNull(sender);
      Objects.requireNonNull(infoHash);
    }
  }

  /** {@code impliedPort}: the peer's port is the UDP source port, not {@code port}. */
  record AnnouncePeer(BBytes transactionId, NodeId sender, NodeId infoHash, int port, BBytes token,
      boolean impliedPort, boolean readOnly) implements Query {
    public AnnouncePeer {
      checkTransaction(transactionId);
      Objects.requireNonNull(sender);
      Objects.requireNonNull(infoHash);
      Objects.requireNonNull(token);
      if (!impliedPort && (port < 1 || port > 65535)) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
    }
  }

  /** A query whose method we do not know; BEP 5 answers it with error 204. */
  record UnknownQuery(BBytes transactionId, NodeId sender, String method, boolean readOnly) implements Query {
    public UnknownQuery {
      checkTransaction(transactionId);
      Objects.requireNonNull(sender);
    }
  }

  /**
   * An answer. {@code nodes} and {@code values} are empty when absent, {@code token} is null when
   * absent; {@code externalAddress} is the BEP 42 {@code ip} field (our address as the responder
   * sees it) or null.
   */
  record Response(BBytes transactionId, NodeId sender, List<Contact> nodes, List<InetSocketAddress> values,
      BBytes token, InetSocketAddress externalAddress) implements KrpcMessage {
    public Response {
      checkTransaction(transactionId);
      Objects.requireNonNull(sender);
      nodes = List.copyOf(nodes);
      values = List.copyOf(values);
    }

    public static Response of(BBytes transactionId, NodeId sender) {
      return new Response(transactionId, sender, List.of(), List.of(), null, null);
    }
  }

  /** Error codes: 201 generic, 202 server, 203 protocol, 204 method unknown. */
  record Error(BBytes transactionId, int code, String message) implements KrpcMessage {
    public static final int GENERIC = 201;
    public static final int SERVER = 202;
    public static final int PROTOCOL = 203;
    public static final int METHOD_UNKNOWN = 204;

    public Error {
      checkTransaction(transactionId);
      Objects.requireNonNull(message);
    }
  }

  private static void checkTransaction(BBytes transactionId) {
    if (transactionId.length() < 1 || transactionId.length() > MAX_TRANSACTION_ID) {
      throw new IllegalArgumentException("transaction id must be 1..16 bytes, was " + transactionId.length());
    }
  }
}
