package io.seedfleet.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.seedfleet.engine.queue.QueueLimits;
import io.seedfleet.engine.queue.QueueSettings;
import io.seedfleet.engine.queue.SeedGoal;
import io.seedfleet.engine.session.SessionConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EngineSettingsTest {
  private static Config config(String hocon) {
    return ConfigFactory.parseString(hocon).withFallback(ConfigFactory.defaultReference()).resolve();
  }

  @Test
  void defaultsQueueNothingAndSeedForever() throws Exception {
    assertThat(EngineSettings.queue(config(""))).isEqualTo(QueueSettings.NONE);
  }

  @Test
  void queueAndSeedGoalFromTheConfigFile() throws Exception {
    Config config = config("""
        seedfleet.queue { max-active-downloads = 3, max-active-seeds = 10, seed-ratio = 2.5, seed-time = 7 days }
        """);
    QueueSettings expected = new QueueSettings(new QueueLimits(3, 10), new SeedGoal(2.5, Duration.ofDays(7)));
    assertThat(EngineSettings.queue(config)).isEqualTo(expected);
    SessionConfig session = EngineSettings.from(config, Path.of("/data/resume"))
        .apply(SessionConfig.defaults(new InetSocketAddress(0)));
    assertThat(session.queue()).isEqualTo(expected);
    assertThat(session.dormancy().enabled()).isFalse();
  }

  @Test
  void dormancyIsOptInAndBringsFastResumeAlong() throws Exception {
    SessionConfig session = EngineSettings.from(config("seedfleet.dormancy { enabled = on, idle-after = 5m }"),
        Path.of("/data/resume")).apply(SessionConfig.defaults(new InetSocketAddress(0)));
    assertThat(session.dormancy().enabled()).isTrue();
    assertThat(session.dormancy().idleAfter()).isEqualTo(Duration.ofMinutes(5));
    assertThat(session.resumeDir()).isEqualTo(Path.of("/data/resume"));
    assertThatThrownBy(() -> EngineSettings.dormancy(config("seedfleet.dormancy { enabled = on, sweep-interval = 0s }")))
        .isInstanceOf(CliException.class).hasMessageContaining("seedfleet.dormancy");
  }

  @Test
  void badValuesAreOneClearLine() {
    assertThatThrownBy(() -> EngineSettings.queue(config("seedfleet.queue.max-active-seeds = -1")))
        .isInstanceOf(CliException.class).hasMessageContaining("seedfleet.queue");
    assertThatThrownBy(() -> EngineSettings.queue(config("seedfleet.queue.seed-time = forever")))
        .isInstanceOf(CliException.class).hasMessageContaining("seed-time");
    assertThatThrownBy(() -> EngineSettings.queue(config("seedfleet.queue.seed-ratio = lots")))
        .isInstanceOf(CliException.class).hasMessageContaining("seed-ratio");
  }
}
