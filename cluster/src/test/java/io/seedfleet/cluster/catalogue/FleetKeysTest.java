package io.seedfleet.cluster.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import org.apache.pekko.cluster.ddata.LWWMapKey;
import org.junit.jupiter.api.Test;

class FleetKeysTest {

  @Test
  void theBucketIsTheInfoHashsFirstByte() {
    assertThat(FleetKeys.bucketOf("00" + "11".repeat(19))).isZero();
    assertThat(FleetKeys.bucketOf("ab" + "00".repeat(19))).isEqualTo(0xab);
    assertThat(FleetKeys.bucketOf("FF" + "00".repeat(19))).isEqualTo(0xff);
    assertThat(FleetKeys.catalogueKeyFor("7f" + "00".repeat(19)).id()).isEqualTo("seedfleet-catalogue-7f");
  }

  @Test
  void anyOtherKeyStillMapsIntoABucket() {
    for (String odd : new String[] {"", "x", "zz-not-hex", "\u00e9\u00e9"}) {
      assertThat(FleetKeys.bucketOf(odd)).isBetween(0, FleetKeys.CATALOGUE_BUCKETS - 1);
    }
  }

  @Test
  void theBucketKeysAreDistinctDurableAndNotTheSingleKey() {
    var ids = new HashSet<String>();
    for (LWWMapKey<?, ?> key : FleetKeys.catalogueBuckets()) {
      ids.add(key.id());
      assertThat(key.id()).startsWith("seedfleet-catalogue"); // matched by durable.keys "seedfleet-catalogue*"
    }
    assertThat(ids).hasSize(FleetKeys.CATALOGUE_BUCKETS).doesNotContain(FleetKeys.LEGACY_CATALOGUE.id());
  }
}
