package io.seedfleet.cluster.sharding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seedfleet.cluster.placement.ShardName;
import io.seedfleet.engine.metainfo.InfoHash;
import org.junit.jupiter.api.Test;

class ReplicaIdTest {

  private static final String HEX = "0123456789abcdef0123456789abcdef01234567";

  @Test
  void roundTripsAndNamesItsShard() {
    ReplicaId id = ReplicaId.parse(HEX + "#2");
    assertThat(id).isEqualTo(new ReplicaId(InfoHash.fromHex(HEX), 2));
    assertThat(id.entityId()).isEqualTo(HEX + "#2");
    int bucket = Integer.remainderUnsigned(0x01234567, 64);
    assertThat(id.shardId(64)).isEqualTo("r2-" + bucket);
    assertThat(ShardName.parse(id.shardId(64))).isEqualTo(new ShardName(2, bucket));
  }

  @Test
  void replicasOfOneTorrentShareTheBucketButNotTheShard() {
    ReplicaId first = ReplicaId.parse(HEX + "#0");
    ReplicaId second = ReplicaId.parse(HEX + "#1");
    assertThat(ShardName.parse(first.shardId(16)).conflictsWith(ShardName.parse(second.shardId(16)))).isTrue();
  }

  @Test
  void rejectsMalformedIds() {
    assertThatThrownBy(() -> ReplicaId.parse("abc#1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ReplicaId.parse(HEX + "#x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ReplicaId.parse(HEX + "#-1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ReplicaId.parse(HEX + "#64")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ReplicaId.parse("zz".repeat(20) + "#0")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ReplicaId.parse(null)).isInstanceOf(IllegalArgumentException.class);
  }
}
