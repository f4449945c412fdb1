package io.seedfleet.engine.trackerd;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.seedfleet.engine.bencode.BDict;
import io.seedfleet.engine.bencode.Bencode;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Fuzzes the HTTP query parser through the handler: any query yields a bencoded dictionary, either
 * a reply or a {@code failure reason}; nothing else escapes. Regression inputs live in
 * {@code HttpTrackerQueryFuzzTestInputs/parse/}.
 */
class HttpTrackerQueryFuzzTest {
  private static final InetAddress SOURCE = InetAddress.getLoopbackAddress();

  @FuzzTest
  void parse(byte[] data) throws Exception {
    String query = new String(data, StandardCharsets.ISO_8859_1);
    SwarmRegistry registry = new SwarmRegistry(TrackerConfig.defaults().withAcceptIpParameter(true), () -> 0,
        new SplittableRandom(0));
    HttpTrackerHandler handler = new HttpTrackerHandler(registry, TrackerPolicy.open());

    BDict announce = (BDict) Bencode.decode(handler.announce(query, SOURCE));
    assertThat(announce.containsKey("failure reason") || announce.containsKey("interval")).isTrue();
    BDict scrape = (BDict) Bencode.decode(handler.scrape(query));
    assertThat(scrape.containsKey("failure reason") || scrape.containsKey("files")).isTrue();
    try {
      HttpTrackerQuery.Announce parsed = HttpTrackerQuery.parseAnnounce(query, SOURCE, registry.config());
      assertThat(parsed.request().peer().getPort()).isBetween(1, 65535);
      assertThat(parsed.request().numwant()).isBetween(-1, registry.config().maxNumwant());
    } catch (TrackerRequestException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }
}
