package io.seedfleet.cluster.serialization;

import java.util.Random;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * The fleet serializer of a faulty node: same identifier and manifests as {@link FleetSerializer},
 * but while {@link #corrupt} is set its bytes are truncated, bit-flipped or random, so the other
 * nodes receive malformed fleet messages through real Artery connections.
 */
public final class CorruptingFleetSerializer extends SerializerWithStringManifest {
  public static volatile boolean corrupt;

  private final FleetSerializer real;
  private final Random random = new Random(7);

  public CorruptingFleetSerializer(ExtendedActorSystem system) {
    this.real = new FleetSerializer(system);
  }

  @Override
  public int identifier() {
    return real.identifier();
  }

  @Override
  public String manifest(Object o) {
    return real.manifest(o);
  }

  @Override
  public byte[] toBinary(Object o) {
    byte[] bytes = real.toBinary(o);
    if (!corrupt) {
      return bytes;
    }
    synchronized (random) {
      switch (random.nextInt(3)) {
        case 0 -> {
          return java.util.Arrays.copyOf(bytes, random.nextInt(Math.max(1, bytes.length)));
        }
        case 1 -> {
          for (int i = 0; i < 1 + bytes.length / 8; i++) {
            int at = random.nextInt(Math.max(1, bytes.length));
            if (bytes.length > 0) {
              bytes[at] ^= (byte) (1 << random.nextInt(8));
            }
          }
          return bytes;
        }
        default -> {
          byte[] junk = new byte[random.nextInt(512)];
          random.nextBytes(junk);
          return junk;
        }
      }
    }
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws java.io.NotSerializableException {
    return real.fromBinary(bytes, manifest);
  }
}
