package io.seedfleet.bench.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoadSettingsTest {
  @Test
  void defaultsAreIdleLoopbackPeersWithBothExtensionBits() {
    LoadSettings s = LoadSettings.parse(new String[] {"--port", "6881", "--torrent", "t.torrent"});
    assertThat(s.node().getHostString()).isEqualTo("127.0.0.1");
    assertThat(s.node().getPort()).isEqualTo(6881);
    assertThat(s.torrent()).isEqualTo(Path.of("t.torrent"));
    assertThat(s.threads()).isEqualTo(1);
    assertThat(s.requestInterval()).isEqualTo(Duration.ZERO);
    assertThat(s.keepAlive()).isEqualTo(Duration.ofMinutes(2));
    assertThat(s.fast()).isTrue();
    assertThat(s.extensionProtocol()).isTrue();
  }

  @Test
  void readsEveryOption() {
    LoadSettings s = LoadSettings.parse(new String[] {"--host", "127.0.0.2", "--port", "7000", "--torrent", "x",
        "--threads", "2", "--ramp", "500", "--pending", "64", "--request-every-ms", "30000", "--keepalive-s", "60",
        "--no-fast", "--no-extensions"});
    assertThat(s.node().getHostString()).isEqualTo("127.0.0.2");
    assertThat(s.threads()).isEqualTo(2);
    assertThat(s.rampPerSecond()).isEqualTo(500);
    assertThat(s.maxPending()).isEqualTo(64);
    assertThat(s.requestInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.keepAlive()).isEqualTo(Duration.ofSeconds(60));
    assertThat(s.fast()).isFalse();
    assertThat(s.extensionProtocol()).isFalse();
  }

  @Test
  void refusesMissingOrBadOptions() {
    assertThatThrownBy(() -> LoadSettings.parse(new String[] {"--port", "6881"}))
        .hasMessageContaining("--torrent");
    assertThatThrownBy(() -> LoadSettings.parse(new String[] {"--port", "x", "--torrent", "t"}))
        .hasMessageContaining("whole number");
    assertThatThrownBy(() -> LoadSettings.parse(new String[] {"--port", "1", "--torrent", "t", "--threads", "0"}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LoadSettings.parse(new String[] {"--port", "1", "--torrent", "t", "--bogus", "1"}))
        .hasMessageContaining("unknown option");
  }

  @Test
  void sharesConnectionsOverThreadsEvenly() {
    assertThat(FakePeers.share(10_001, 2, 0)).isEqualTo(5001);
    assertThat(FakePeers.share(10_001, 2, 1)).isEqualTo(5000);
  }
}
