package io.seedfleet.engine.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.tracker.AnnounceResponse;
import io.seedfleet.engine.tracker.ScrapeStats;
import io.seedfleet.engine.tracker.TrackerConfig;
import io.seedfleet.engine.tracker.TrackerException;
import io.seedfleet.engine.tracker.UdpTrackerCodec;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The shared UDP socket against a fake BEP 15 tracker: connect, announce, ids, retransmission. */
class UdpTrackerSocketTest {
  private final FakeUdpTracker tracker = new FakeUdpTracker();
  private final UdpTrackerSocket socket = new UdpTrackerSocket(
      TrackerConfig.defaults().withUdpRetries(Duration.ofMillis(100), 2));
  private final InetSocketAddress address;

  UdpTrackerSocketTest() throws Exception {
    URI uri = URI.create(tracker.url());
    address = new InetSocketAddress(uri.getHost(), uri.getPort());
  }

  @AfterEach
  void close() {
    socket.close();
    tracker.close();
  }

  @Test
  void connectsThenAnnouncesAndCachesTheConnectionId() {
    AnnounceResponse reply = socket.announce(address, HttpTrackerTest.REQUEST, 2).join();
    assertThat(reply.peers()).containsExactly(new InetSocketAddress("127.0.0.1", 6881));
    assertThat(reply.interval()).isEqualTo(Duration.ofSeconds(1800));
    assertThat(reply.leechers()).isEqualTo(2);
    assertThat(reply.seeders()).isEqualTo(1);
    socket.announce(address, HttpTrackerTest.REQUEST, 2).join();
    assertThat(tracker.actions).containsExactly(0, 1, 1);
  }

  @Test
  void scrapesReuseTheConnectionIdAndMapCountsInTheOrderAsked() {
    InfoHash five = hash(5);
    InfoHash nine = hash(9);
    socket.announce(address, HttpTrackerTest.REQUEST, 2).join();
    Map<InfoHash, ScrapeStats> stats = socket.scrape(address, List.of(nine, five), 2).join();
    assertThat(stats).containsExactly(Map.entry(nine, new ScrapeStats(9, 7, 3)), Map.entry(five, new ScrapeStats(5, 7, 3)));
    assertThat(tracker.actions).containsExactly(0, 1, 2);
  }

  @Test
  void lostScrapePacketsAreRetransmittedAndTooManyHashesRefused() {
    tracker.toIgnore.set(2);
    assertThat(socket.scrape(address, List.of(hash(4)), 2).join()).containsEntry(hash(4), new ScrapeStats(4, 7, 3));
    assertThat(tracker.actions).containsExactly(0, 0, 0, 2);
    List<InfoHash> tooMany = java.util.Collections.nCopies(UdpTrackerCodec.MAX_SCRAPE_HASHES + 1, hash(1));
    Throwable e = catchThrowable(() -> socket.scrape(address, tooMany, 2).join());
    assertThat(e.getCause()).isInstanceOfSatisfying(TrackerException.class, t -> assertThat(t.permanent()).isTrue());
  }

  @Test
  void errorPacketsFailTheScrapeWithTheTrackersMessage() {
    tracker.answerWithError = true;
    Throwable e = catchThrowable(() -> socket.scrape(address, List.of(hash(1)), 0).join());
    assertThat(e.getCause()).isInstanceOf(TrackerException.class).hasMessageContaining("nope");
  }

  private static InfoHash hash(int first) {
    byte[] bytes = new byte[20];
    bytes[0] = (byte) first;
    return InfoHash.of(bytes);
  }

  @Test
  void lostPacketsAreRetransmitted() {
    tracker.toIgnore.set(2);
    assertThat(socket.announce(address, HttpTrackerTest.REQUEST, 2).join().peers()).hasSize(1);
    assertThat(tracker.actions).containsExactly(0, 0, 0, 1);
  }

  @Test
  void strayTransactionIdsAreDropped() {
    tracker.sendStrayFirst = true;
    assertThat(socket.announce(address, HttpTrackerTest.REQUEST, 0).join().peers()).hasSize(1);
  }

  @Test
  void aSilentTrackerFailsAfterTheLastRetry() {
    tracker.toIgnore.set(100);
    Throwable e = catchThrowable(() -> socket.announce(address, HttpTrackerTest.REQUEST, 2).join());
    assertThat(e.getCause()).isInstanceOf(TrackerException.class).hasMessageContaining("did not answer after 3 attempts");
    assertThat(tracker.actions).containsExactly(0, 0, 0);
  }

  @Test
  void errorPacketsFailTheAnnounceWithTheTrackersMessage() {
    tracker.answerWithError = true;
    Throwable e = catchThrowable(() -> socket.announce(address, HttpTrackerTest.REQUEST, 0).join());
    assertThat(e.getCause()).isInstanceOf(TrackerException.class).hasMessageContaining("nope");
  }
}
