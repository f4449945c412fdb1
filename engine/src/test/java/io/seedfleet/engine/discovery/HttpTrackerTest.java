package io.seedfleet.engine.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seedfleet.engine.metainfo.InfoHash;
import io.seedfleet.engine.tracker.AnnounceRequest;
import io.seedfleet.engine.tracker.AnnounceResponse;
import io.seedfleet.engine.tracker.ScrapeStats;
import io.seedfleet.engine.tracker.TrackerConfig;
import io.seedfleet.engine.tracker.TrackerEvent;
import io.seedfleet.engine.tracker.TrackerException;
import io.seedfleet.engine.wire.PeerId;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP transport against a stub tracker: caps, status codes, redirects and timeouts. */
class HttpTrackerTest {
  static final AnnounceRequest REQUEST = new AnnounceRequest(InfoHash.of(new byte[20]), PeerId.of(new byte[20]), 6881,
      0, 0, 1000, TrackerEvent.STARTED, 1, 50, null);
  private static final Duration TIMEOUT = Duration.ofSeconds(1);

  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final HttpTracker http = new HttpTracker(
      TrackerConfig.defaults().withTimeouts(Duration.ofSeconds(2), TIMEOUT), executor);
  private final StubHttpTracker stub;

  HttpTrackerTest() throws Exception {
    stub = new StubHttpTracker()
        .on("/announce", StubHttpTracker.reply("d8:intervali900e5:peers6:\u007f\u0000\u0000\u0001\u001a\u00e1e"))
        .on("/big", StubHttpTracker.reply(200, new byte[2 << 20]))
        .on("/stream", StubHttpTracker.streaming(2L << 20))
        .on("/500", StubHttpTracker.reply(500, new byte[0]))
        .on("/410", StubHttpTracker.reply(410, new byte[0]))
        .on("/hop", StubHttpTracker.redirect("/announce?from=hop"))
        .on("/loop", StubHttpTracker.redirect("/loop"))
        .on("/file", StubHttpTracker.redirect("file:///etc/passwd"))
        .on("/slow", StubHttpTracker.slow(5_000))
        .on("/scrape", StubHttpTracker.reply("d5:filesd20:" + "\u0000".repeat(20)
            + "d8:completei5e10:downloadedi7e10:incompletei3eeee"))
        .on("/huge/scrape", StubHttpTracker.reply(200, new byte[2 << 20]))
        .on("/gone/scrape", StubHttpTracker.reply(410, new byte[0]));
  }

  @AfterEach
  void close() {
    stub.close();
    executor.shutdownNow();
  }

  private AnnounceResponse announce(String path) {
    return http.announce(stub.url(path), REQUEST, TIMEOUT).join();
  }

  private TrackerException failure(String path) {
    Throwable e = org.assertj.core.api.Assertions.catchThrowable(() -> announce(path));
    assertThat(e).isInstanceOf(CompletionException.class).hasCauseInstanceOf(TrackerException.class);
    return (TrackerException) e.getCause();
  }

  @Test
  void announcesAndParsesWithoutAskingForCompression() {
    AnnounceResponse reply = announce("/announce");
    assertThat(reply.peers()).containsExactly(new InetSocketAddress("127.0.0.1", 6881));
    assertThat(reply.interval()).isEqualTo(Duration.ofSeconds(900));
    assertThat(stub.requests).singleElement().satisfies(r -> assertThat(r)
        .contains("info_hash=%00%00", "&event=started", "&compact=1").endsWith(" identity"));
  }

  @Test
  void bodiesOverTheCapAreRefusedWhileReading() {
    assertThat(failure("/big")).hasMessageContaining("larger than 1048576 bytes");
    assertThat(failure("/stream")).hasMessageContaining("larger than 1048576 bytes");
  }

  @Test
  void serverErrorsAreRetryableAnd410IsPermanent() {
    TrackerException e500 = failure("/500");
    assertThat(e500).hasMessage("HTTP 500");
    assertThat(e500.permanent()).isFalse();
    assertThat(failure("/410").permanent()).isTrue();
  }

  @Test
  void redirectsAreFollowedAtMostThreeTimesAndOnlyToHttp() {
    assertThat(announce("/hop").peers()).hasSize(1);
    assertThat(stub.requests).anySatisfy(r -> assertThat(r).isEqualTo("/announce?from=hop identity"));
    assertThat(failure("/loop")).hasMessageContaining("more than 3 redirects");
    assertThat(stub.requests.stream().filter(r -> r.startsWith("/loop"))).hasSize(4);
    assertThat(failure("/file")).hasMessageContaining("non-http");
  }

  @Test
  void aSlowTrackerIsCutAtTheTimeout() {
    assertThat(failure("/slow")).hasMessageContaining("did not answer within 1000 ms");
  }

  @Test
  void scrapesAtTheUrlDerivedFromTheAnnounceUrl() {
    InfoHash other = InfoHash.of(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20});
    Map<InfoHash, ScrapeStats> stats = http.scrape(stub.url("/announce?key=k"), List.of(REQUEST.infoHash(), other),
        TIMEOUT).join();
    // The stub only knows the all-zero hash; an unknown torrent is simply absent.
    assertThat(stats).containsExactly(Map.entry(REQUEST.infoHash(), new ScrapeStats(5, 7, 3)));
    assertThat(stub.requests).singleElement().satisfies(r -> assertThat(r)
        .startsWith("/scrape?key=k&info_hash=%00%00").contains("&info_hash=%01%02%03").endsWith(" identity"));
  }

  @Test
  void scrapesKeepTheAnnounceCapsAndStatuses() {
    assertThat(scrapeFailure(stub.url("/huge/announce"))).hasMessageContaining("larger than 1048576 bytes");
    assertThat(scrapeFailure(stub.url("/gone/announce")).permanent()).isTrue();
  }

  @Test
  void announceUrlsWithoutTheConventionCannotBeScraped() {
    TrackerException e = scrapeFailure(stub.url("/tracker.php"));
    assertThat(e).hasMessageContaining("no scrape URL");
    assertThat(e.permanent()).isTrue();
    assertThat(stub.requests).isEmpty();
  }

  private TrackerException scrapeFailure(String announceUrl) {
    Throwable e = org.assertj.core.api.Assertions.catchThrowable(
        () -> http.scrape(announceUrl, List.of(REQUEST.infoHash()), TIMEOUT).join());
    assertThat(e).isInstanceOf(CompletionException.class).hasCauseInstanceOf(TrackerException.class);
    return (TrackerException) e.getCause();
  }

  @Test
  void unsupportedUrlsFailPermanently() {
    Throwable e = org.assertj.core.api.Assertions.catchThrowable(
        () -> http.announce("ftp://127.0.0.1/announce", REQUEST, TIMEOUT).join());
    assertThat(e.getCause()).isInstanceOfSatisfying(TrackerException.class, t -> assertThat(t.permanent()).isTrue());
    assertThatThrownBy(() -> http.announce("http://bad host/announce", REQUEST, TIMEOUT).join())
        .hasCauseInstanceOf(TrackerException.class);
  }
}
