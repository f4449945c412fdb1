package io.seedfleet.engine.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SelectOnlyTest {
  @Test
  void selectedFilesGetNormalPriorityAndTheOthersNone() {
    assertThat(Session.selectOnly(List.of(0, 2, 9), 4)).hasValueSatisfying(p -> assertThat(p).containsExactly(1, 0, 1, 0));
  }

  @Test
  void noUsableSelectionMeansEverything() {
    assertThat(Session.selectOnly(List.of(), 3)).isEmpty();
    assertThat(Session.selectOnly(List.of(5, 6), 3)).isEmpty();
  }
}
