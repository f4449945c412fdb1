package io.seedfleet.cluster.serialization;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.typesafe.config.ConfigFactory;
import io.seedfleet.cluster.catalogue.Holder;
import io.seedfleet.cluster.FleetSettings;
import io.seedfleet.cluster.sharding.TorrentReplica;
import io.seedfleet.proto.cluster.v1.TorrentSpec;
import io.seedfleet.proto.cluster.v1.TorrentStatus;
import java.io.NotSerializableException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Adapter;

/**
 * Bytes from another node either decode into the message their manifest names or fail with a
 * {@link NotSerializableException}; nothing else escapes. The first input byte picks the manifest.
 * Holder entries read from the shared DData map either parse or fail with IllegalArgumentException.
 * Regression inputs live in {@code FleetSerializerFuzzTestInputs/<method>/}.
 */
class FleetSerializerFuzzTest {

  private static final ActorTestKit KIT = ActorTestKit.create("fuzz",
      ConfigFactory.parseString("pekko.remote.artery.canonical.port = 0")
          .withFallback(FleetSettings.fleetPekkoConfig()).withFallback(ConfigFactory.load()));
  private static final FleetSerializer SERIALIZER =
      new FleetSerializer((ExtendedActorSystem) Adapter.toClassic(KIT.system()));
  private static final List<String> MANIFESTS = List.of("S", "T", "E", "G", "X", "MQ", "MR", "P", "R", "?");

  @FuzzTest
  void fromBinary(byte[] data) {
    if (data.length == 0) {
      return;
    }
    String manifest = MANIFESTS.get(Math.floorMod(data[0], MANIFESTS.size()));
    byte[] body = Arrays.copyOfRange(data, 1, data.length);
    try {
      Object message = SERIALIZER.fromBinary(body, manifest);
      switch (manifest) {
        case "S" -> assertThat(message).isInstanceOf(TorrentSpec.class);
        case "T" -> assertThat(message).isInstanceOf(TorrentStatus.class);
        case "E" -> assertThat(message).isInstanceOf(TorrentReplica.Ensure.class);
        case "G" -> assertThat(message).isInstanceOf(TorrentReplica.GetStatus.class);
        case "X" -> assertThat(message).isEqualTo(TorrentReplica.Stop.INSTANCE);
        case "P" -> assertThat(message).isInstanceOf(io.seedfleet.proto.cluster.v1.FleetPolicy.class);
        case "R" -> assertThat(message).isEqualTo(TorrentReplica.Recheck.INSTANCE);
        case "MQ" -> assertThat(message).isInstanceOf(io.seedfleet.cluster.catalogue.MetainfoService.Request.class);
        case "MR" -> assertThat(message).isInstanceOf(io.seedfleet.cluster.catalogue.MetainfoService.Reply.class);
        default -> throw new AssertionError("unknown manifest decoded: " + manifest);
      }
    } catch (NotSerializableException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  @FuzzTest
  void holderDecode(byte[] data) {
    String encoded = new String(data, StandardCharsets.UTF_8);
    try {
      Holder holder = Holder.decode(encoded);
      assertThat(holder.btAddress().getPort()).isBetween(0, 65535);
      assertThat(Holder.decode(holder.encode())).isEqualTo(holder);
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }
}
