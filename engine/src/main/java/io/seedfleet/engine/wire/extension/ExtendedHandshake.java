package io.seedfleet.engine.wire.extension;

import io.seedfleet.engine.bencode.BBytes;
import io.seedfleet.engine.bencode.BDict;
import io.seedfleet.engine.bencode.BInt;
import io.seedfleet.engine.bencode.BValue;
import io.seedfleet.engine.bencode.Bencode;
import io.seedfleet.engine.bencode.BencodeDecoder;
import io.seedfleet.engine.bencode.BencodeError;
import io.seedfleet.engine.bencode.BencodeException;
import io.seedfleet.engine.bencode.BencodeLimits;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The payload of a BEP 10 extended handshake (extended message id 0): a bencoded dictionary.
 *
 * <pre>
 * d
 *   1:m d 11:ut_metadata i3e 6:ut_pex i1e e   extension name -> this side's message id (1..255;
 *                                             0 means "disabled")
 *   1:v 13:seedfleet 0.1                      client name and version
 *   1:p i6881e                                listen port
 *   4:reqq i250e                              outstanding requests the sender accepts
 *   13:metadata_size i31235e                  BEP 9: size of the info dict in bytes
 *   6:yourip 4:&lt;4 or 16 bytes&gt;               the receiver's address as the sender sees it
 * e
 * </pre>
 *
 * Decoding is tolerant, as BEP 10 asks: unknown keys and out-of-range values are ignored (a
 * value out of range reads as absent), only a payload that is not a bencoded dictionary fails.
 *
 * @param extensions extension name to message id; ids are 0..255
 * @param clientName {@code v}
 * @param listenPort {@code p}, 1..65535
 * @param requestQueue {@code reqq}, {@code > 0}
 * @param metadataSize {@code metadata_size}, 1..{@link #MAX_METADATA_SIZE}: anything else reads as
 *     absent, so a peer claiming 2^40 bytes can never make us allocate them
 * @param yourIp {@code yourip}
 * @see <a href="https://www.bittorrent.org/beps/bep_0010.html">BEP 10: Extension Protocol</a>
 * @see <a href="https://www.bittorrent.org/beps/bep_0009.html">BEP 9: metadata exchange</a>
 */
public record ExtendedHandshake(
    Map<String, Integer> extensions,
    Optional<String> clientName,
    OptionalInt listenPort,
    OptionalInt requestQueue,
    OptionalInt metadataSize,
    Optional<InetAddress> yourIp) {

  /** The largest metadata (info dict) we will fetch: 30 MiB. */
  public static final int MAX_METADATA_SIZE = 30 * 1024 * 1024;
  /** The largest handshake payload decoded; real ones are a few hundred bytes. */
  public static final int MAX_PAYLOAD = 64 * 1024;

  private static final BencodeDecoder DECODER =
      new BencodeDecoder(
          new BencodeLimits(16, MAX_PAYLOAD, 19, 4096, MAX_PAYLOAD, false, false));

  public ExtendedHandshake {
    extensions = Map.copyOf(extensions);
    extensions.forEach(
        (name, id) -> {
          if (id < 0 || id > 255) {
            throw new IllegalArgumentException("extension id out of 0..255: " + name + "=" + id);
          }
        });
    Objects.requireNonNull(clientName);
    Objects.requireNonNull(yourIp);
    listenPort.ifPresent(p -> check(p >= 1 && p <= 65535, "listen port " + p));
    requestQueue.ifPresent(q -> check(q > 0, "reqq " + q));
    metadataSize.ifPresent(
        s -> check(s > 0 && s <= MAX_METADATA_SIZE, "metadata_size " + s));
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      throw new IllegalArgumentException(what + " out of range");
    }
  }

  /** The message id the sender wants for {@code extension}, if it supports it (id not 0). */
  public OptionalInt idOf(String extension) {
    Integer id = extensions.get(extension);
    return id == null || id == 0 ? OptionalInt.empty() : OptionalInt.of(id);
  }

  /** The bencoded payload. */
  public byte[] encode() {
    BDict.Builder m = BDict.builder();
    extensions.forEach((name, id) -> m.put(name, id));
    BDict.Builder d = BDict.builder().put("m", m.build());
    clientName.ifPresent(v -> d.put("v", v));
    listenPort.ifPresent(p -> d.put("p", p));
    requestQueue.ifPresent(q -> d.put("reqq", q));
    metadataSize.ifPresent(s -> d.put("metadata_size", s));
    yourIp.ifPresent(ip -> d.put("yourip", ip.getAddress()));
    return Bencode.encode(d.build());
  }

  /**
   * Decodes a payload.
   *
   * @throws BencodeException when the payload is not bencode within small limits, or is not a
   *     dictionary ({@link BencodeError#UNEXPECTED_TYPE})
   */
  public static ExtendedHandshake decode(byte[] payload) throws BencodeException {
    BValue value = DECODER.decode(payload);
    if (!(value instanceof BDict dict)) {
      throw new BencodeException(
          BencodeError.UNEXPECTED_TYPE, 0, "extended handshake is not a dictionary");
    }
    Map<String, Integer> extensions = new LinkedHashMap<>();
    BDict m = dict.getDictOrNull("m");
    if (m != null) {
      m.entries()
          .forEach(
              (name, id) -> {
                if (id instanceof BInt i && i.value() >= 0 && i.value() <= 255) {
                  extensions.put(name.asString(), (int) i.value());
                }
              });
    }
    BBytes v = dict.getBytesOrNull("v");
    return new ExtendedHandshake(
        extensions,
        Optional.ofNullable(v).map(BBytes::asString),
        intIn(dict, "p", 1, 65535),
        intIn(dict, "reqq", 1, Integer.MAX_VALUE),
        intIn(dict, "metadata_size", 1, MAX_METADATA_SIZE),
        address(dict.getBytesOrNull("yourip")));
  }

  private static OptionalInt intIn(BDict dict, String key, long min, long max) {
    return dict.getLong(key)
        .filter(value -> value >= min && value <= max)
        .map(value -> OptionalInt.of((int) (long) value))
        .orElse(OptionalInt.empty());
  }

  private static Optional<InetAddress> address(BBytes raw) {
    if (raw == null || (raw.length() != 4 && raw.length() != 16)) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByAddress(raw.bytes())); // no DNS: raw bytes only
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }
}
