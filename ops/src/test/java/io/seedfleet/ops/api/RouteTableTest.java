package io.seedfleet.ops.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTableTest {
  private static final Endpoint DETAIL = new Endpoint("GET", "/api/v1/torrents/{infoHash}", p -> null);

  @Test
  void aTemplateMatchesOnlyItsOwnShapeAndNamesItsParameters() {
    assertThat(DETAIL.match(RouteTable.segments("/api/v1/torrents/abc"))).contains(Map.of("infoHash", "abc"));
    assertThat(DETAIL.match(RouteTable.segments("/api/v1/torrents/"))).isEmpty();
    assertThat(DETAIL.match(RouteTable.segments("/api/v1/torrents"))).isEmpty();
    assertThat(DETAIL.match(RouteTable.segments("/api/v1/torrents/abc/"))).isEmpty();
    assertThat(DETAIL.match(RouteTable.segments("/api/v1/torrent/abc"))).isEmpty();
    assertThat(DETAIL.match(RouteTable.segments("/api/v1/torrents/abc/pause"))).isEmpty();
  }

  @Test
  void aRouteListedTwiceAndMalformedTemplatesAreRefused() {
    assertThatThrownBy(() -> new RouteTable(List.of(DETAIL, new Endpoint("GET", "/api/v1/torrents/{infoHash}", p -> null))))
        .hasMessageContaining("twice");
    assertThatThrownBy(() -> new Endpoint("GET", "api/v1", p -> null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Endpoint("GET", "/api/v1/", p -> null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Endpoint("PATCH", "/api/v1", p -> null)).isInstanceOf(IllegalArgumentException.class);
  }
}
