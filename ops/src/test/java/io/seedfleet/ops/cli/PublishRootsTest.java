package io.seedfleet.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import io.seedfleet.cluster.DownloadRoots;
import io.seedfleet.ops.api.ApiSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where `add --publish` may read, by node setting and by where the API listens. */
class PublishRootsTest {
  @TempDir Path tmp;

  @Test
  void aLoopbackOnlyApiWithNoRootsMayPublishAnything() {
    assertThat(NodeCommand.publishRoots(ConfigFactory.empty(), new ApiSettings("127.0.0.1", 8900, List.of(), Set.of())))
        .isNull();
  }

  @Test
  void anApiReachableFromOtherHostsWithNoRootsMayPublishNothing() {
    DownloadRoots roots = NodeCommand.publishRoots(ConfigFactory.empty(),
        new ApiSettings("0.0.0.0", 8900, List.of("token"), Set.of()));
    assertThat(roots).isNotNull();
    assertThatThrownBy(() -> roots.check(tmp.toString())).hasMessageContaining("seedfleet.fleet.publish-roots");
  }

  @Test
  void configuredRootsConfineEvenALoopbackApi() {
    DownloadRoots roots = NodeCommand.publishRoots(ConfigFactory.parseMap(java.util.Map.of(
        "seedfleet.fleet.publish-roots", List.of(tmp.toString()))), new ApiSettings("127.0.0.1", 8900, List.of(), Set.of()));
    assertThatCode(() -> roots.check(tmp.resolve("release").toString())).doesNotThrowAnyException();
    assertThatThrownBy(() -> roots.check("/etc")).isInstanceOf(DownloadRoots.OutsideRootsException.class);
  }
}
