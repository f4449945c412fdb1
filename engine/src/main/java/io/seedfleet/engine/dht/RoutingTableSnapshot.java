package io.seedfleet.engine.dht;

import io.seedfleet.engine.bencode.BBytes;
import io.seedfleet.engine.bencode.BDict;
import io.seedfleet.engine.bencode.BValue;
import io.seedfleet.engine.bencode.Bencode;
import io.seedfleet.engine.bencode.BencodeDecoder;
import io.seedfleet.engine.bencode.BencodeException;
import io.seedfleet.engine.bencode.BencodeLimits;
import java.util.List;

/**
 * What a DHT node keeps across restarts: its id and the nodes it knew to be good. Stored as a small
 * bencoded dictionary with a format version:
 *
 * <pre>
 * d 2:id 20:&lt;node id&gt; 5:nodes &lt;n x 26 bytes compact node info&gt; 1:v i1e e
 * </pre>
 */
public record RoutingTableSnapshot(NodeId id, List<Contact> nodes) {
  public static final int VERSION = 1;
  public static final int MAX_NODES = 2000;
  public static final int MAX_BYTES = 128 + MAX_NODES * Contact.COMPACT_LENGTH;
  private static final BencodeDecoder DECODER =
      new BencodeDecoder(new BencodeLimits(2, MAX_BYTES, 19, 16, MAX_BYTES, false, false));

  public RoutingTableSnapshot {
    nodes = List.copyOf(nodes.size() > MAX_NODES ? nodes.subList(0, MAX_NODES) : nodes);
  }

  public byte[] encode() {
    return Bencode.encode(BDict.builder()
        .put("id", id.bytes())
        .put("nodes", Contact.encodeCompact(nodes))
        .put("v", VERSION)
        .build());
  }

  /** Decodes a saved table; throws with the reason when the bytes are not one. */
  public static RoutingTableSnapshot decode(byte[] bytes) throws KrpcException {
    if (bytes.length > MAX_BYTES) {
      throw new KrpcException(KrpcError.PACKET_TOO_LARGE, "state file of " + bytes.length + " bytes");
    }
    BValue value;
    try {
      value = DECODER.decode(bytes);
    } catch (BencodeException e) {
      throw new KrpcException(KrpcError.INVALID_BENCODING, e.getMessage());
    }
    if (!(value instanceof BDict dict) || dict.getLong("v").orElse(0L) != VERSION) {
      throw new KrpcException(KrpcError.MISSING_OR_INVALID_FIELD, "not a version " + VERSION + " routing table");
    }
    BBytes id = dict.getBytesOrNull("id");
    BBytes nodes = dict.getBytesOrNull("nodes");
    if (id == null || id.length() != NodeId.LENGTH || nodes == null || nodes.length() % Contact.COMPACT_LENGTH != 0) {
      throw new KrpcException(KrpcError.MISSING_OR_INVALID_FIELD, "id or nodes missing or malformed");
    }
    return new RoutingTableSnapshot(NodeId.of(id.bytes()), Contact.decodeCompact(nodes.bytes(), MAX_NODES));
  }
}
