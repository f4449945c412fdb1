package io.seedfleet.ops.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.seedfleet.engine.dormant.DormancyConfig;
import io.seedfleet.engine.queue.QueueLimits;
import io.seedfleet.engine.queue.QueueSettings;
import io.seedfleet.engine.queue.SeedGoal;
import io.seedfleet.engine.session.SessionConfig;

/**
 * The node's engine policy from its HOCON settings ({@code seedfleet.queue.*}, {@code
 * seedfleet.dormancy.*}); see reference.conf.
 */
final class EngineSettings {
  private EngineSettings() {}

  static QueueSettings queue(Config config) throws CliException {
    try {
      Config q = config.getConfig("seedfleet.queue");
      int downloads = q.getInt("max-active-downloads");
      int seeds = q.getInt("max-active-seeds");
      double ratio = q.getDouble("seed-ratio");
      if (downloads < 0 || seeds < 0 || ratio < 0) {
        throw new CliException("seedfleet.queue: limits and seed-ratio must be 0 (none) or more");
      }
      return new QueueSettings(new QueueLimits(downloads, seeds), new SeedGoal(ratio, q.getDuration("seed-time")));
    } catch (ConfigException | IllegalArgumentException e) {
      throw new CliException("bad seedfleet.queue setting: " + e.getMessage());
    }
  }

  static DormancyConfig dormancy(Config config) throws CliException {
    try {
      Config d = config.getConfig("seedfleet.dormancy");
      return d.getBoolean("enabled")
          ? DormancyConfig.on(d.getDuration("idle-after"), d.getDuration("sweep-interval")) : DormancyConfig.OFF;
    } catch (ConfigException | IllegalArgumentException e) {
      throw new CliException("bad seedfleet.dormancy setting: " + e.getMessage());
    }
  }

  /**
   * Reads every engine setting first, so that a bad value stops the node before anything starts.
   *
   * @param resumeDir where fast resume (and, with dormancy, the dormant index) lives
   */
  static java.util.function.UnaryOperator<SessionConfig> from(Config config, java.nio.file.Path resumeDir)
      throws CliException {
    QueueSettings queue = queue(config);
    DormancyConfig dormancy = dormancy(config);
    return session -> {
      SessionConfig queued = session.withQueue(queue);
      if (!dormancy.enabled()) {
        return queued;
      }
      return (queued.resumeDir() != null ? queued : queued.withResumeDir(resumeDir)).withDormancy(dormancy);
    };
  }
}
