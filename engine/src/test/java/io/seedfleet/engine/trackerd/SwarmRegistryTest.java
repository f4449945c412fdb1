package io.seedfleet.engine.trackerd;

import static io.seedfleet.engine.trackerd.TrackerTestData.announce;
import static io.seedfleet.engine.trackerd.TrackerTestData.hash;
import static io.seedfleet.engine.trackerd.TrackerTestData.v4;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seedfleet.engine.trackerd.TrackerTestData.ManualClock;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class SwarmRegistryTest {
  private final ManualClock clock = new ManualClock();
  private final RandomGenerator random = new SplittableRandom(7);

  private SwarmRegistry registry(TrackerConfig config) {
    return new SwarmRegistry(config, clock, random);
  }

  @Test
  void returnsOtherPeersWithCountsButNeverTheRequester() throws Exception {
    SwarmRegistry registry = registry(TrackerConfig.defaults());
    registry.announce(announce(hash(1), 1, v4(1, 6881), 0, AnnounceEvent.STARTED, -1));
    registry.announce(announce(hash(1), 2, v4(2, 6881), 100, AnnounceEvent.STARTED, -1));
    AnnounceReply reply = registry.announce(announce(hash(1), 3, v4(3, 6881), 100, AnnounceEvent.STARTED, -1));

    assertThat(reply.complete()).isEqualTo(1);
    assertThat(reply.incomplete()).isEqualTo(2);
    assertThat(reply.peers()).extracting(TrackedPeer::address).containsExactlyInAnyOrder(v4(1, 6881), v4(2, 6881));
    assertThat(reply.intervalSeconds()).isEqualTo(1800);
    assertThat(reply.minIntervalSeconds()).isEqualTo(300);
  }

  @Test
  void numwantDefaultsTo50AndIsCappedAt200() throws Exception {
    SwarmRegistry registry = registry(TrackerConfig.defaults());
    for (int i = 0; i < 300; i++) {
      registry.announce(announce(hash(1), i, new InetSocketAddress(TrackerTestData.address("10.1." + i / 200 + "." + i % 200), 7000), 5, AnnounceEvent.NONE, 0));
    }
    AnnounceRequest byDefault = announce(hash(1), 999, v4(250, 1), 5, AnnounceEvent.NONE, -1);
    AnnounceRequest greedy = announce(hash(1), 998, v4(251, 1), 5, AnnounceEvent.NONE, 100_000);
    AnnounceRequest modest = announce(hash(1), 997, v4(252, 1), 5, AnnounceEvent.NONE, 3);

    assertThat(registry.announce(byDefault).peers()).hasSize(50);
    List<TrackedPeer> many = registry.announce(greedy).peers();
    assertThat(many).hasSize(200);
    assertThat(new HashSet<>(many)).as("no duplicates").hasSize(200);
    assertThat(registry.announce(modest).peers()).hasSize(3);
  }

  @Test
  void randomSelectionReachesEveryPeerOverManyAnnounces() throws Exception {
    SwarmRegistry registry = registry(TrackerConfig.defaults());
    for (int i = 1; i <= 20; i++) {
      registry.announce(announce(hash(1), i, v4(i, 6881), 5, AnnounceEvent.NONE, 0));
    }
    Set<InetSocketAddress> seen = new HashSet<>();
    for (int round = 0; round < 50; round++) {
      registry.announce(announce(hash(1), 99, v4(99, 1), 5, AnnounceEvent.NONE, 2)).peers()
          .forEach(p -> seen.add(p.address()));
    }
    assertThat(seen).hasSize(20);
  }

  @Test
  void silentPeersExpireAfterIntervalPlusGrace() throws Exception {
    TrackerConfig config = TrackerConfig.defaults().withInterval(Duration.ofMinutes(10), Duration.ofMinutes(1));
    SwarmRegistry registry = registry(config);
    registry.announce(announce(hash(1), 1, v4(1, 6881), 0, AnnounceEvent.STARTED, -1));
    clock.advance(Duration.ofMinutes(14));
    registry.announce(announce(hash(1), 2, v4(2, 6881), 10, AnnounceEvent.STARTED, -1));
    assertThat(registry.peers(hash(1))).hasSize(2);

    clock.advance(Duration.ofMinutes(2)); // peer 1 silent 16 min > 10 + 5
    assertThat(registry.peers(hash(1))).extracting(TrackedPeer::address).containsExactly(v4(2, 6881));

    clock.advance(Duration.ofMinutes(20));
    registry.expireAll();
    assertThat(registry.swarmCount()).isZero();
  }

  @Test
  void stoppedRemovesThePeerAndCompletedCountsADownload() throws Exception {
    SwarmRegistry registry = registry(TrackerConfig.defaults());
    registry.announce(announce(hash(1), 1, v4(1, 6881), 10, AnnounceEvent.STARTED, -1));
    registry.announce(announce(hash(1), 1, v4(1, 6881), 0, AnnounceEvent.COMPLETED, -1));
    registry.announce(announce(hash(1), 1, v4(1, 6881), 0, AnnounceEvent.COMPLETED, -1)); // repeated: not counted
    registry.announce(announce(hash(1), 2, v4(2, 6881), 10, AnnounceEvent.STARTED, -1));
    assertThat(registry.counts(hash(1))).contains(new ScrapeCounts(1, 1, 1));

    AnnounceReply stopped = registry.announce(announce(hash(1), 2, v4(2, 6881), 10, AnnounceEvent.STOPPED, -1));
    assertThat(stopped.peers()).isEmpty();
    assertThat(registry.scrape(List.of(hash(1), hash(2)))).containsOnlyKeys(hash(1))
        .containsEntry(hash(1), new ScrapeCounts(1, 0, 1));
  }

  @Test
  void aLeecherThatStopsWithNothingLeftCountsADownload() throws Exception {
    SwarmRegistry registry = registry(TrackerConfig.defaults());
    registry.announce(announce(hash(1), 1, v4(1, 6881), 0, AnnounceEvent.STARTED, -1));
    registry.announce(announce(hash(1), 2, v4(2, 6881), 10, AnnounceEvent.STARTED, -1));
    registry.announce(announce(hash(1), 2, v4(2, 6881), 0, AnnounceEvent.STOPPED, -1));
    registry.announce(announce(hash(1), 1, v4(1, 6881), 0, AnnounceEvent.STOPPED, -1)); // a seed leaving: no download
    registry.announce(announce(hash(1), 3, v4(3, 6881), 0, AnnounceEvent.STOPPED, -1)); // never seen: no download
    assertThat(registry.counts(hash(1))).contains(new ScrapeCounts(0, 0, 1));
  }

  @Test
  void swarmCapRefusesNewInfoHashesUntilOldOnesExpire() throws Exception {
    SwarmRegistry registry = registry(TrackerConfig.defaults().withCaps(2, 10));
    registry.announce(announce(hash(1), 1, v4(1, 1), 5, AnnounceEvent.NONE, -1));
    registry.announce(announce(hash(2), 1, v4(1, 1), 5, AnnounceEvent.NONE, -1));

    assertThatThrownBy(() -> registry.announce(announce(hash(3), 1, v4(1, 1), 5, AnnounceEvent.NONE, -1)))
        .isInstanceOf(TrackerRequestException.class).hasMessageContaining("full");

    clock.advance(TrackerConfig.defaults().peerExpiry().plusSeconds(1));
    registry.announce(announce(hash(3), 1, v4(1, 1), 5, AnnounceEvent.NONE, -1));
    assertThat(registry.swarmCount()).isEqualTo(1);
  }

  @Test
  void peerCapAnswersNewcomersWithoutStoringThem() throws Exception {
    SwarmRegistry registry = registry(TrackerConfig.defaults().withCaps(10, 2));
    registry.announce(announce(hash(1), 1, v4(1, 1), 5, AnnounceEvent.NONE, -1));
    registry.announce(announce(hash(1), 2, v4(2, 1), 5, AnnounceEvent.NONE, -1));
    AnnounceReply third = registry.announce(announce(hash(1), 3, v4(3, 1), 5, AnnounceEvent.NONE, -1));

    assertThat(third.peers()).hasSize(2);
    assertThat(registry.peers(hash(1))).extracting(TrackedPeer::address).containsExactlyInAnyOrder(v4(1, 1), v4(2, 1));
  }

  @Test
  void seedsGetOnlyLeechersWhenConfigured() throws Exception {
    SwarmRegistry registry = registry(TrackerConfig.defaults().withNoSeedsToSeeds(true));
    registry.announce(announce(hash(1), 1, v4(1, 1), 0, AnnounceEvent.NONE, -1));
    registry.announce(announce(hash(1), 2, v4(2, 1), 7, AnnounceEvent.NONE, -1));
    AnnounceReply seed = registry.announce(announce(hash(1), 3, v4(3, 1), 0, AnnounceEvent.NONE, -1));
    AnnounceReply leecher = registry.announce(announce(hash(1), 4, v4(4, 1), 7, AnnounceEvent.NONE, -1));

    assertThat(seed.peers()).extracting(TrackedPeer::address).containsExactly(v4(2, 1));
    assertThat(leecher.peers()).hasSize(3);
  }

  @Test
  void theSameAddressAnnouncingAgainIsOnePeer() throws Exception {
    SwarmRegistry registry = registry(TrackerConfig.defaults());
    registry.announce(announce(hash(1), 1, v4(1, 1), 7, AnnounceEvent.STARTED, -1));
    registry.announce(announce(hash(1), 5, v4(1, 1), 0, AnnounceEvent.NONE, -1));
    assertThat(registry.peers(hash(1))).singleElement()
        .satisfies(p -> assertThat(p.seed()).isTrue())
        .satisfies(p -> assertThat(p.peerId()).isEqualTo(TrackerTestData.peerId(5)));
  }
}
