package io.seedfleet.ops.trackerd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seedfleet.engine.bencode.BDict;
import io.seedfleet.engine.bencode.Bencode;
import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.trackerd.AllowedInfoHashes;
import io.seedfleet.engine.trackerd.TrackedPeer;
import io.seedfleet.engine.trackerd.TrackerPolicy;
import io.seedfleet.engine.trackerd.UdpTrackerPackets;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The built-in tracker on real sockets, asked by the JDK's HTTP client and a plain UDP socket. */
class BuiltInTrackerTest {
  private static final String HASH_QUERY = "%01".repeat(20);
  private static ActorSystem<Void> system;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final AllowedInfoHashes known = new AllowedInfoHashes();
  private BuiltInTracker tracker;

  @BeforeAll
  static void startSystem() {
    system = ActorSystem.create(Behaviors.empty(), "tracker-test");
  }

  @AfterAll
  static void stopSystem() {
    system.terminate();
  }

  @BeforeEach
  void startTracker() throws Exception {
    known.add(hash());
    tracker = BuiltInTracker.start(system, "127.0.0.1", 0, TrackerPolicy.only(known));
  }

  @AfterEach
  void stopTracker() {
    tracker.close();
  }

  private static InfoHash hash() {
    byte[] bytes = new byte[20];
    Arrays.fill(bytes, (byte) 1);
    return InfoHash.of(bytes);
  }

  private HttpResponse<byte[]> get(String pathAndQuery) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + tracker.httpPort() + pathAndQuery))
        .timeout(Duration.ofSeconds(10)).build();
    return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  private static BDict bdecode(HttpResponse<byte[]> response) throws Exception {
    return (BDict) Bencode.decode(response.body());
  }

  @Test
  void httpAndUdpShareOnePortNumberAndOneRegistry() throws Exception {
    assertThat(tracker.udpPort()).isEqualTo(tracker.httpPort());
    assertThat(tracker.httpAnnounceUrl()).isEqualTo("http://127.0.0.1:" + tracker.httpPort() + "/announce");

    HttpResponse<byte[]> http = get("/announce?info_hash=" + HASH_QUERY + "&peer_id=-XX0001-aaaaaaaaaaaa&port=7001&left=0");
    assertThat(http.statusCode()).isEqualTo(200);
    assertThat(http.headers().firstValue("Content-Type")).contains("text/plain");
    assertThat(bdecode(http).getLong("interval")).contains(1800L);

    try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      udp.setSoTimeout(5000);
      InetSocketAddress server = new InetSocketAddress("127.0.0.1", tracker.udpPort());
      ByteBuffer connectReply = exchange(udp, server,
          ByteBuffer.allocate(16).putLong(UdpTrackerPackets.PROTOCOL_ID).putInt(0).putInt(11).array());
      assertThat(connectReply.getInt()).isZero();
      assertThat(connectReply.getInt()).isEqualTo(11);
      long connectionId = connectReply.getLong();
      byte[] announce = ByteBuffer.allocate(98).putLong(connectionId).putInt(1).putInt(12).put(hash().bytes())
          .put("-XX0001-bbbbbbbbbbbb".getBytes(StandardCharsets.US_ASCII)).putLong(0).putLong(5).putLong(0)
          .putInt(2).putInt(0).putInt(0).putInt(-1).putShort((short) 7002).array();
      ByteBuffer reply = exchange(udp, server, announce);
      assertThat(reply.getInt()).isEqualTo(1);
      assertThat(reply.getInt()).isEqualTo(12);
      reply.getInt();
      assertThat(reply.getInt()).as("leechers").isEqualTo(1);
      assertThat(reply.getInt()).as("seeders").isEqualTo(1);
      assertThat(reply.remaining()).as("the HTTP peer, 6 bytes").isEqualTo(6);
    }
    assertThat(tracker.registry().peers(hash())).extracting(TrackedPeer::address)
        .containsExactlyInAnyOrder(new InetSocketAddress("127.0.0.1", 7001), new InetSocketAddress("127.0.0.1", 7002));

    HttpResponse<byte[]> scrape = get("/scrape?info_hash=" + HASH_QUERY);
    BDict counts = (BDict) bdecode(scrape).getDictOrNull("files").entries().values().iterator().next();
    assertThat(counts.getLong("complete")).contains(1L);
    assertThat(counts.getLong("incomplete")).contains(1L);
  }

  private static ByteBuffer exchange(DatagramSocket socket, InetSocketAddress server, byte[] request) throws Exception {
    socket.send(new DatagramPacket(request, request.length, server));
    DatagramPacket reply = new DatagramPacket(new byte[2048], 2048);
    socket.receive(reply);
    return ByteBuffer.wrap(reply.getData(), 0, reply.getLength());
  }

  @Test
  void refusalsAreBencodedFailureReasonsWithStatus200() throws Exception {
    HttpResponse<byte[]> unknown = get("/announce?info_hash=" + "%02".repeat(20) + "&peer_id=-XX0001-aaaaaaaaaaaa&port=7001&left=0");
    assertThat(unknown.statusCode()).isEqualTo(200);
    assertThat(bdecode(unknown).getBytesOrNull("failure reason").asString()).isEqualTo("unknown info_hash");

    HttpResponse<byte[]> shortHash = get("/announce?info_hash=%41%42&peer_id=-XX0001-aaaaaaaaaaaa&port=7001&left=0");
    assertThat(bdecode(shortHash).getBytesOrNull("failure reason").asString())
        .isEqualTo("invalid info_hash: must be 20 bytes, got 2");

    // The JDK client refuses to send a bad escape; a raw socket does, as a broken client would.
    // Pekko's request parser refuses it before the tracker sees it: a plain 400, no stack trace.
    try (Socket socket = new Socket("127.0.0.1", tracker.httpPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write("GET /announce?info_hash=%zz&port=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      String raw = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      assertThat(raw).startsWith("HTTP/1.1 400").contains("Illegal request-target").doesNotContain("\tat ");
    }

    assertThat(bdecode(get("/announce")).getBytesOrNull("failure reason").asString()).isEqualTo("missing query");
  }

  @Test
  void otherPathsMethodsAndHugeRequestsGetPlainHttpErrorsWithoutStackTraces() throws Exception {
    assertThat(get("/admin").statusCode()).isEqualTo(404);
    HttpResponse<String> post = client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + tracker.httpPort() + "/announce"))
            .POST(HttpRequest.BodyPublishers.ofString("x")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    HttpResponse<byte[]> huge = get("/announce?x=" + "a".repeat(10_000));
    assertThat(huge.statusCode()).isEqualTo(414);
    assertThat(new String(huge.body(), StandardCharsets.UTF_8)).doesNotContain("Exception").doesNotContain("at org.");
  }

  @Test
  void aTakenPortIsAClearError() {
    assertThatThrownBy(() -> BuiltInTracker.start(system, "127.0.0.1", tracker.httpPort(), TrackerPolicy.open()))
        .hasMessageContaining("tracker cannot bind").hasMessageContaining(Integer.toString(tracker.httpPort()));
  }
}
