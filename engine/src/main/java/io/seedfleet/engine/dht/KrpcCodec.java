package io.seedfleet.engine.dht;

import io.seedfleet.engine.bencode.BBytes;
import io.seedfleet.engine.bencode.BDict;
import io.seedfleet.engine.bencode.BInt;
import io.seedfleet.engine.bencode.BList;
import io.seedfleet.engine.bencode.BValue;
import io.seedfleet.engine.bencode.Bencode;
import io.seedfleet.engine.bencode.BencodeDecoder;
import io.seedfleet.engine.bencode.BencodeException;
import io.seedfleet.engine.bencode.BencodeLimits;
import io.seedfleet.engine.dht.KrpcMessage.AnnouncePeer;
import io.seedfleet.engine.dht.KrpcMessage.Error;
import io.seedfleet.engine.dht.KrpcMessage.FindNode;
import io.seedfleet.engine.dht.KrpcMessage.GetPeers;
import io.seedfleet.engine.dht.KrpcMessage.Ping;
import io.seedfleet.engine.dht.KrpcMessage.Response;
import io.seedfleet.engine.dht.KrpcMessage.UnknownQuery;
import io.seedfleet.engine.wire.CompactAddresses;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes and encodes KRPC packets on the project's bencode decoder.
 *
 * <pre>
 * query    d1:ad2:id20:&lt;id&gt;6:target20:&lt;id&gt;e1:q9:find_node1:t2:aa1:y1:qe
 * response d1:rd2:id20:&lt;id&gt;5:nodes208:&lt;8 x 26 bytes&gt;5:token8:&lt;..&gt;e1:t2:aa1:y1:re
 *          nodes entry: | node id (20) | IPv4 (4) | port (2, big-endian) |
 * error    d1:eli201e7:Generice1:t2:aa1:y1:ee
 * </pre>
 *
 * Limits: packets over {@link #MAX_PACKET} bytes are refused before decoding; at most {@link
 * #MAX_NODES} nodes and {@link #MAX_VALUES} peer values are taken from one response; malformed
 * peer values are skipped rather than failing the whole answer, as libtorrent does.
 *
 * @see <a href="https://www.bittorrent.org/beps/bep_0005.html">BEP 5</a>
 */
public final class KrpcCodec {
  public static final int MAX_PACKET = 4096;
  public static final int MAX_NODES = 16;
  public static final int MAX_VALUES = 100;
  private static final int MAX_ERROR_MESSAGE = 256;
  private static final BencodeDecoder DECODER = new BencodeDecoder(
      new BencodeLimits(4, MAX_PACKET, 19, 512, MAX_PACKET, false, false));

  private KrpcCodec() {}

  public static KrpcMessage decode(byte[] packet) throws KrpcException {
    return decode(packet, 0, packet.length);
  }

  public static KrpcMessage decode(byte[] packet, int offset, int length) throws KrpcException {
    if (length > MAX_PACKET) {
      throw new KrpcException(KrpcError.PACKET_TOO_LARGE, length + " bytes");
    }
    BValue value;
    try {
      value = DECODER.decode(packet, offset, length);
    } catch (BencodeException e) {
      throw new KrpcException(KrpcError.INVALID_BENCODING, e.getMessage());
    }
    if (!(value instanceof BDict top)) {
      throw new KrpcException(KrpcError.INVALID_BENCODING, "top level is not a dictionary");
    }
    BBytes t = top.getBytesOrNull("t");
    if (t == null || t.length() < 1 || t.length() > KrpcMessage.MAX_TRANSACTION_ID) {
      throw new KrpcException(KrpcError.BAD_TRANSACTION_ID, "t missing or not 1..16 bytes");
    }
    BBytes y = top.getBytesOrNull("y");
    String type = y == null || y.length() != 1 ? "" : y.asAscii();
    boolean readOnly = top.getLong("ro").orElse(0L) == 1;
    return switch (type) {
      case "q" -> decodeQuery(top, t, readOnly);
      case "r" -> decodeResponse(top, t);
      case "e" -> decodeError(top, t);
      default -> throw new KrpcException(KrpcError.UNKNOWN_TYPE, "y is " + y);
    };
  }

  private static KrpcMessage decodeQuery(BDict top, BBytes t, boolean readOnly) throws KrpcException {
    BBytes q = top.getBytesOrNull("q");
    BDict a = top.getDictOrNull("a");
    if (q == null || a == null) {
      throw invalid("query without q or a");
    }
    NodeId sender = id(a, "id");
    String method = q.length() <= 32 ? q.asAscii() : "(long method name)";
    return switch (method) {
      case "ping" -> new Ping(t, sender, readOnly);
      case "find_node" -> new FindNode(t, sender, id(a, "target"), readOnly);
      case "get_peers" -> new GetPeers(t, sender, id(a, "info_hash"), readOnly);
      case "announce_peer" -> announce(a, t, sender, readOnly);
      default -> new UnknownQuery(t, sender, method, readOnly);
    };
  }

  private static AnnouncePeer announce(BDict a, BBytes t, NodeId sender, boolean readOnly) throws KrpcException {
    NodeId infoHash = id(a, "info_hash");
    BBytes token = a.getBytesOrNull("token");
    if (token == null || token.length() > KrpcMessage.MAX_TOKEN) {
      throw invalid("announce_peer token missing or too long");
    }
    boolean implied = a.getLong("implied_port").orElse(0L) != 0;
    long port = a.getLong("port").orElse(0L);
    if (!implied && (port < 1 || port > 65535)) {
      throw invalid("announce_peer port missing or out of range");
    }
    return new AnnouncePeer(t, sender, infoHash, implied ? 0 : (int) port, token, implied, readOnly);
  }

  private static Response decodeResponse(BDict top, BBytes t) throws KrpcException {
    BDict r = top.getDictOrNull("r");
    if (r == null) {
      throw invalid("response without r");
    }
    NodeId sender = id(r, "id");
    List<Contact> nodes = List.of();
    BBytes rawNodes = r.getBytesOrNull("nodes");
    if (rawNodes != null) {
      if (rawNodes.length() % Contact.COMPACT_LENGTH != 0) {
        throw invalid("nodes is not a multiple of 26 bytes");
      }
      nodes = Contact.decodeCompact(rawNodes.bytes(), MAX_NODES);
    }
    List<InetSocketAddress> values = new ArrayList<>();
    BList rawValues = r.getListOrNull("values");
    if (rawValues != null) {
      for (BValue v : rawValues.values()) {
        if (values.size() >= MAX_VALUES) {
          break;
        }
        if (v instanceof BBytes b && (b.length() == CompactAddresses.IPV4_ENTRY || b.length() == CompactAddresses.IPV6_ENTRY)) {
          values.addAll(CompactAddresses.decode(b.bytes(), b.length(), 1));
        }
      }
    }
    BBytes token = r.getBytesOrNull("token");
    if (token != null && (token.length() == 0 || token.length() > KrpcMessage.MAX_TOKEN)) {
      token = null;
    }
    InetSocketAddress external = null;
    BBytes ip = top.getBytesOrNull("ip");
    if (ip != null && (ip.length() == CompactAddresses.IPV4_ENTRY || ip.length() == CompactAddresses.IPV6_ENTRY)) {
      List<InetSocketAddress> decoded = CompactAddresses.decode(ip.bytes(), ip.length(), 1);
      external = decoded.isEmpty() ? null : decoded.get(0);
    }
    return new Response(t, sender, nodes, values, token, external);
  }

  private static Error decodeError(BDict top, BBytes t) throws KrpcException {
    BList e = top.getListOrNull("e");
    if (e == null || e.size() < 1 || !(e.get(0) instanceof BInt code)) {
      throw invalid("error without [code, message]");
    }
    String message = e.size() > 1 && e.get(1) instanceof BBytes m ? m.asString() : "";
    if (message.length() > MAX_ERROR_MESSAGE) {
      int cut = Character.isHighSurrogate(message.charAt(MAX_ERROR_MESSAGE - 1)) ? MAX_ERROR_MESSAGE - 1 : MAX_ERROR_MESSAGE;
      message = message.substring(0, cut);
    }
    return new Error(t, code.intValueOr(KrpcMessage.Error.GENERIC), message);
  }

  private static NodeId id(BDict dict, String key) throws KrpcException {
    BBytes b = dict.getBytesOrNull(key);
    if (b == null || b.length() != NodeId.LENGTH) {
      throw invalid(key + " missing or not 20 bytes");
    }
    return NodeId.of(b.bytes());
  }

  private static KrpcException invalid(String message) {
    return new KrpcException(KrpcError.MISSING_OR_INVALID_FIELD, message);
  }

  /** Encodes canonically (sorted keys). */
  public static byte[] encode(KrpcMessage message) {
    BDict.Builder top = BDict.builder().put("t", message.transactionId());
    switch (message) {
      case Ping p -> query(top, "ping", args(p));
      case FindNode f -> query(top, "find_node", args(f).put("target", f.target().bytes()));
      case GetPeers g -> query(top, "get_peers", args(g).put("info_hash", g.infoHash().bytes()));
      case AnnouncePeer a -> {
        BDict.Builder args = args(a).put("info_hash", a.infoHash().bytes()).put("port", a.port()).put("token", a.token());
        if (a.impliedPort()) {
          args.put("implied_port", 1);
        }
        query(top, "announce_peer", args);
      }
      case UnknownQuery u -> query(top, u.method(), args(u));
      case Response r -> {
        BDict.Builder body = BDict.builder().put("id", r.sender().bytes());
        if (!r.nodes().isEmpty()) {
          body.put("nodes", Contact.encodeCompact(r.nodes()));
        }
        if (!r.values().isEmpty()) {
          List<BValue> values = new ArrayList<>();
          for (InetSocketAddress peer : r.values()) {
            values.add(BBytes.of(CompactAddresses.encode(peer)));
          }
          body.put("values", new BList(values));
        }
        if (r.token() != null) {
          body.put("token", r.token());
        }
        if (r.externalAddress() != null) {
          top.put("ip", CompactAddresses.encode(r.externalAddress()));
        }
        top.put("y", "r").put("r", body.build());
      }
      case Error e -> top.put("y", "e").put("e", new BList(List.of(BInt.of(e.code()), BBytes.of(e.message()))));
    }
    if (message instanceof KrpcMessage.Query q && q.readOnly()) {
      top.put("ro", 1);
    }
    return Bencode.encode(top.build());
  }

  private static BDict.Builder args(KrpcMessage.Query q) {
    return BDict.builder().put("id", q.sender().bytes());
  }

  private static void query(BDict.Builder top, String method, BDict.Builder args) {
    top.put("y", "q").put("q", method).put("a", args.build());
  }
}
