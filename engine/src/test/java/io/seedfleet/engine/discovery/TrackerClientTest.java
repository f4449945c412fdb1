package io.seedfleet.engine.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.torrent.Torrent;
import io.seedfleet.engine.tracker.TrackerConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The per-torrent tracker actor against stub trackers: tiers, failures, events and peers. */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
class TrackerClientTest {
  private static final int OUR_PORT = 6881;

  @JUnit5TestKit public ActorTestKit testKit = new JUnit5TestKitBuilder().build();

  private final TrackerTransports transports =
      new TrackerTransports(TrackerConfig.defaults().withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)));
  private final StubHttpTracker stub;

  TrackerClientTest() throws Exception {
    // Two peers: one is ourselves (our port on loopback) and must not come back to the torrent.
    stub = new StubHttpTracker()
        .on("/broken", StubHttpTracker.reply(500, new byte[0]))
        .on("/gone", StubHttpTracker.reply(410, new byte[0]))
        .on("/announce", StubHttpTracker.reply(
            "d8:intervali60e5:peers12:\u007f\u0000\u0000\u0001\u001a\u00e1\u007f\u0000\u0000\u0001\u001b\u0058e"));
  }

  @AfterEach
  void close() {
    stub.close();
    transports.close();
  }

  private ActorRef<TrackerClient.Command> spawn(List<List<String>> tiers, TestProbe<Torrent.Command> torrent) {
    return testKit.spawn(TrackerClient.create(tiers, InfoHash.of(new byte[20]), new byte[20], OUR_PORT, 5000,
        torrent.getRef(), transports));
  }

  private List<String> announces() {
    return stub.requests.stream().filter(r -> r.startsWith("/announce")).toList();
  }

  @Test
  void failingTrackersAreSkippedInTierOrderAndPeersReachTheTorrent() {
    TestProbe<Torrent.Command> torrent = testKit.createTestProbe();
    ActorRef<TrackerClient.Command> client =
        spawn(List.of(List.of(stub.url("/broken")), List.of(stub.url("/gone")), List.of(stub.url("/announce"))), torrent);

    Torrent.AddPeers peers = torrent.expectMessageClass(Torrent.AddPeers.class, Duration.ofSeconds(10));
    assertThat(peers.peers()).containsExactly(new InetSocketAddress("127.0.0.1", 7000));
    assertThat(stub.requests).hasSize(3);
    assertThat(announces()).singleElement().satisfies(r -> assertThat(r).contains("&left=5000", "&event=started"));

    TestProbe<TrackerClient.Statuses> replies = testKit.createTestProbe();
    client.tell(new TrackerClient.GetTrackerStatus(replies.getRef()));
    Map<String, TrackerStatus> status = replies.receiveMessage().trackers().stream()
        .collect(Collectors.toMap(s -> s.url().substring(s.url().lastIndexOf('/')), Function.identity()));
    assertThat(status.get("/broken").lastResult()).isEqualTo("HTTP 500");
    assertThat(status.get("/broken").disabled()).isFalse();
    assertThat(status.get("/broken").nextAnnounce()).isNotNull();
    assertThat(status.get("/gone").disabled()).isTrue();
    assertThat(status.get("/announce").lastResult()).isEqualTo("ok");
    assertThat(status.get("/announce").peersSeen()).isEqualTo(2);
    TrackerTransports.Activity activity = transports.activity();
    assertThat(activity.announces()).as("three trackers tried").isEqualTo(3);
    assertThat(activity.announceFailures()).as("500 and 410").isEqualTo(2);
  }

  @Test
  void completedIsAnnouncedOnceAndStoppedOnStop() {
    TestProbe<Torrent.Command> torrent = testKit.createTestProbe();
    ActorRef<TrackerClient.Command> client = spawn(List.of(List.of(stub.url("/announce"))), torrent);
    torrent.expectMessageClass(Torrent.AddPeers.class, Duration.ofSeconds(10));

    client.tell(new TrackerClient.Progress(10, 5000, 0));
    client.tell(TrackerClient.Completed.INSTANCE);
    client.tell(TrackerClient.Completed.INSTANCE);
    await().atMost(Duration.ofSeconds(10)).until(() -> announces().size() == 2);
    assertThat(announces().get(1)).contains("&uploaded=10&downloaded=5000&left=0", "&event=completed");

    client.tell(TrackerClient.Stop.INSTANCE);
    await().atMost(Duration.ofSeconds(10)).until(() -> announces().size() == 3);
    assertThat(announces().get(2)).contains("&event=stopped");
    torrent.expectTerminated(client, Duration.ofSeconds(5));
  }

  @Test
  void aTorrentThatCompletesBeforeAnyTrackerAnswersSaysCompletedAfterStarted() {
    TestProbe<Torrent.Command> torrent = testKit.createTestProbe();
    ActorRef<TrackerClient.Command> client = spawn(List.of(List.of(stub.url("/announce"))), torrent);
    client.tell(TrackerClient.Completed.INSTANCE);
    await().atMost(Duration.ofSeconds(10)).until(() -> announces().size() == 2);
    assertThat(announces().get(0)).contains("&event=started");
    assertThat(announces().get(1)).contains("&left=0", "&event=completed");
  }
}
