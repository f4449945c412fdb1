package io.seedfleet.engine.dht;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RoutingTableTest {
  private final Random random = new Random(42);
  private final NodeId own = NodeId.ofHex("0000000000000000000000000000000000000000");
  private int port = 1;

  private Contact contact(String hexId) {
    return new Contact(NodeId.ofHex(hexId), new InetSocketAddress("10.0.0.1", port++));
  }

  /** An id sharing exactly {@code bits} leading bits with {@link #own}. */
  private Contact at(int bits) {
    return new Contact(own.randomWithPrefix(bits, random), new InetSocketAddress("10.0.0.2", port++));
  }

  @Test
  void farBucketHoldsKNodesAndKeepsTheRestAsReplacements() {
    RoutingTable table = new RoutingTable(own, 0);
    // Fill our own side so the table splits, then the far half (prefix 0) takes K at most.
    for (int i = 0; i < 8; i++) {
      assertThat(table.heardFrom(at(5), true, 0)).isTrue();
    }
    for (int i = 0; i < 8; i++) {
      assertThat(table.heardFrom(at(0), true, 0)).isTrue();
    }
    assertThat(table.bucketCount()).isGreaterThan(1);
    Contact extra = at(0);
    assertThat(table.heardFrom(extra, true, 0)).as("far bucket is full and does not split").isFalse();
    assertThat(table.size()).isEqualTo(16);
    assertThat(table.all()).extracting(RoutingTable.Entry::contact).doesNotContain(extra);
  }

  @Test
  void badNodeIsReplacedFromTheCache() {
    RoutingTable table = new RoutingTable(own, 0);
    for (int i = 0; i < 8; i++) {
      table.heardFrom(at(5), true, 0);
    }
    List<Contact> far = IntStream.range(0, 8).mapToObj(i -> at(0)).toList();
    far.forEach(c -> table.heardFrom(c, true, 0));
    Contact replacement = at(0);
    table.heardFrom(replacement, true, 0);
    table.failed(far.get(3).id(), 1);
    assertThat(table.all()).extracting(RoutingTable.Entry::contact).doesNotContain(replacement);
    table.failed(far.get(3).id(), 2);
    assertThat(table.all()).extracting(RoutingTable.Entry::contact)
        .contains(replacement).doesNotContain(far.get(3));
  }

  @Test
  void ownSideSplitsDeep() {
    RoutingTable table = new RoutingTable(own, 0);
    for (int bits = 0; bits < 40; bits++) {
      for (int i = 0; i < 3; i++) {
        table.heardFrom(at(bits), true, 0);
      }
    }
    assertThat(table.size()).isEqualTo(120);
    assertThat(table.bucketCount()).isGreaterThan(20);
  }

  @Test
  void closestSortsByXorDistance() {
    RoutingTable table = new RoutingTable(own, 0);
    for (int i = 0; i < 60; i++) {
      table.heardFrom(new Contact(NodeId.random(random), new InetSocketAddress("10.0.1.1", port++)), true, 0);
    }
    NodeId target = NodeId.random(random);
    List<Contact> closest = table.closest(target, 8, 0);
    assertThat(closest).hasSize(8).isSortedAccordingTo(Comparator.comparing(Contact::id, target::compareDistance));
    List<Contact> all = table.closest(target, 1000, 0);
    assertThat(all.subList(0, 8)).isEqualTo(closest);
  }

  @Test
  void statesFollowResponsesAndFailures() {
    RoutingTable table = new RoutingTable(own, 0);
    Contact c = at(3);
    table.heardFrom(c, false, 0);
    assertThat(table.all().get(0).state(0)).isEqualTo(RoutingTable.State.QUESTIONABLE);
    table.heardFrom(c, true, 10);
    assertThat(table.all().get(0).state(10)).isEqualTo(RoutingTable.State.GOOD);
    assertThat(table.all().get(0).state(10 + RoutingTable.GOOD_FOR_MILLIS + 1)).isEqualTo(RoutingTable.State.QUESTIONABLE);
    assertThat(table.questionable(10 + RoutingTable.GOOD_FOR_MILLIS + 1)).containsExactly(c);
    table.failed(c.id(), 20);
    table.failed(c.id(), 30);
    assertThat(table.all().get(0).state(30)).isEqualTo(RoutingTable.State.BAD);
    assertThat(table.closest(c.id(), 8, 30)).isEmpty();
  }

  @Test
  void anIdCannotMoveAddressAndOneAddressHoldsOneId() {
    RoutingTable table = new RoutingTable(own, 0);
    Contact c = contact("1000000000000000000000000000000000000000");
    table.heardFrom(c, true, 0);
    assertThat(table.heardFrom(new Contact(c.id(), new InetSocketAddress("10.9.9.9", 9)), true, 0)).isFalse();
    assertThat(table.heardFrom(new Contact(NodeId.random(random), c.address()), true, 0)).isFalse();
    assertThat(table.heardFrom(new Contact(own, new InetSocketAddress("10.9.9.9", 9)), true, 0)).isFalse();
    assertThat(table.size()).isEqualTo(1);
  }

  @Test
  void idleBucketsAreRefreshedWithTargetsInTheirRange() {
    RoutingTable table = new RoutingTable(own, 0);
    for (int i = 0; i < 9; i++) {
      table.heardFrom(at(i % 2 == 0 ? 0 : 4), true, 0);
    }
    assertThat(table.refreshTargets(RoutingTable.REFRESH_AFTER_MILLIS - 1, random)).isEmpty();
    List<NodeId> targets = table.refreshTargets(RoutingTable.REFRESH_AFTER_MILLIS, random);
    assertThat(targets).hasSize(table.bucketCount());
    assertThat(own.commonPrefixBits(targets.get(0))).isZero();
    assertThat(table.refreshTargets(RoutingTable.REFRESH_AFTER_MILLIS + 1, random)).as("refreshed now").isEmpty();
  }
}
