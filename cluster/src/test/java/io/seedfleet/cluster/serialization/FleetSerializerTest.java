package io.seedfleet.cluster.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.typesafe.config.ConfigFactory;
import io.seedfleet.cluster.FleetSettings;
import io.seedfleet.cluster.catalogue.MetainfoService;
import io.seedfleet.cluster.sharding.TorrentReplica;
import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.proto.cluster.v1.TorrentSpec;
import io.seedfleet.proto.cluster.v1.TorrentStatus;
import java.io.NotSerializableException;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.ddata.LWWMap;
import org.apache.pekko.cluster.ddata.SelfUniqueAddress;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Every fleet message that crosses nodes goes through our Protobuf serializer, never Java's. */
class FleetSerializerTest {

  private static final ActorTestKit KIT = ActorTestKit.create("ser",
      ConfigFactory.parseString("pekko.remote.artery.canonical.port = 0")
          .withFallback(FleetSettings.fleetPekkoConfig()).withFallback(ConfigFactory.load()));
  private static final Serialization SERIALIZATION = SerializationExtension.get(Adapter.toClassic(KIT.system()));

  @AfterAll
  static void stop() {
    KIT.shutdownTestKit();
  }

  private static TorrentSpec spec() {
    return TorrentSpec.newBuilder().setInfoHash(ByteString.copyFrom(new byte[20])).setMetainfo(ByteString.copyFromUtf8("d4:infode"))
        .setReplicas(2).addLabels("a").setPaused(true).build();
  }

  private static Object roundTrip(Object message, Class<? extends Serializer> expected) {
    Serializer serializer = SERIALIZATION.findSerializerFor(message);
    assertThat(serializer).isInstanceOf(expected);
    byte[] bytes = SERIALIZATION.serialize(message).get();
    String manifest = Serializers.manifestFor(serializer, message);
    return SERIALIZATION.deserialize(bytes, serializer.identifier(), manifest).get();
  }

  @Test
  void everyClusterMessageRoundTrips() {
    TestProbe<TorrentStatus> probe = KIT.createTestProbe();
    TorrentStatus status = TorrentStatus.newBuilder().setInfoHash(ByteString.copyFrom(new byte[20]))
        .setState(TorrentStatus.State.CO_LOCATED).setReplica(1).setNode("pekko://x@h:1").build();
    List<Object> messages = List.of(spec(), status, new TorrentReplica.Ensure(probe.ref()), new TorrentReplica.Ensure(null),
        new TorrentReplica.GetStatus(probe.ref()), TorrentReplica.Stop.INSTANCE,
        new MetainfoService.Request(InfoHash.of(new byte[20]), KIT.<MetainfoService.Command>createTestProbe().ref()),
        new MetainfoService.Reply(InfoHash.of(new byte[20]), "d4:infode".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
        new MetainfoService.Reply(InfoHash.of(new byte[20]), new byte[0]), TorrentReplica.Recheck.INSTANCE,
        io.seedfleet.proto.cluster.v1.FleetPolicy.newBuilder().setUploadLimit(1000).setMaxActiveSeeds(3)
            .setSeedRatio(1.5).setSeedTimeSeconds(60).build());
    for (Object message : messages) {
      assertThat(roundTrip(message, FleetSerializer.class)).isEqualTo(message);
    }
  }

  @Test
  void catalogueValuesInsideDistributedDataRoundTrip() {
    SelfUniqueAddress self = new SelfUniqueAddress(Cluster.get(Adapter.toClassic(KIT.system())).selfUniqueAddress());
    LWWMap<String, TorrentSpec> map = LWWMap.<String, TorrentSpec>create().put(self, "00".repeat(20), spec());
    @SuppressWarnings("unchecked")
    LWWMap<String, TorrentSpec> back = (LWWMap<String, TorrentSpec>) roundTrip(map, Serializer.class);
    assertThat(back.getEntries()).containsEntry("00".repeat(20), spec());
  }

  @Test
  void javaSerializationIsOff() {
    assertThat(KIT.system().settings().config().getBoolean("pekko.actor.allow-java-serialization")).isFalse();
    record Plain(int x) implements java.io.Serializable {}
    assertThat(SERIALIZATION.findSerializerFor(new Plain(1)).getClass().getSimpleName()).isEqualTo("DisabledJavaSerializer");
    assertThatThrownBy(() -> SERIALIZATION.serialize(new Plain(1)).get()).isInstanceOf(Exception.class);
  }

  @Test
  void corruptBytesFailWithAClearError() {
    FleetSerializer serializer = (FleetSerializer) SERIALIZATION.findSerializerFor(spec());
    byte[] garbage = {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01};
    assertThatThrownBy(() -> serializer.fromBinary(garbage, "S"))
        .isInstanceOf(NotSerializableException.class).hasMessageContaining("corrupt fleet message S");
    assertThatThrownBy(() -> serializer.fromBinary(new byte[0], "Q"))
        .isInstanceOf(NotSerializableException.class).hasMessageContaining("unknown fleet message manifest");
    assertThatThrownBy(() -> serializer.fromBinary(new byte[0], "G"))
        .isInstanceOf(NotSerializableException.class).hasMessageContaining("without reply_to");
    assertThat(SERIALIZATION.deserialize(garbage, serializer.identifier(), "T").isFailure()).isTrue();
  }
}
