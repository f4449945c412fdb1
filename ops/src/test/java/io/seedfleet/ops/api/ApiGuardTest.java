package io.seedfleet.ops.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiGuardTest {
  private final ApiGuard open = new ApiGuard(ApiSettings.loopback(0));
  private final ApiGuard tokened = new ApiGuard(new ApiSettings("0.0.0.0", 0, List.of("s3cret"), Set.of("seedbox.example")));

  @Test
  void loopbackNamesPassTheHostCheckAndOthersAreMisdirected() {
    assertThat(open.check("c", "GET", "127.0.0.1", Optional.empty(), Optional.empty(), true, 0)).isEmpty();
    assertThat(open.check("c", "GET", "LOCALHOST", Optional.empty(), Optional.empty(), true, 0)).isEmpty();
    assertThat(open.check("c", "GET", "evil.example", Optional.empty(), Optional.empty(), true, 0))
        .hasValueSatisfying(e -> assertThat(e.status()).isEqualTo(421));
    assertThat(open.check("c", "GET", null, Optional.empty(), Optional.empty(), true, 0))
        .hasValueSatisfying(e -> assertThat(e.message()).contains("(none)"));
    assertThat(tokened.check("c", "GET", "seedbox.example", Optional.empty(), Optional.of("Bearer s3cret"), true, 0))
        .isEmpty();
  }

  @Test
  void crossSiteWritesAreRefusedButReadsAreNot() {
    assertThat(open.check("c", "POST", "localhost", Optional.of("evil.example"), Optional.empty(), true, 0))
        .hasValueSatisfying(e -> assertThat(e.code()).isEqualTo("cross_origin"));
    assertThat(open.check("c", "GET", "localhost", Optional.of("evil.example"), Optional.empty(), true, 0)).isEmpty();
    assertThat(open.check("c", "POST", "localhost", Optional.of("localhost"), Optional.empty(), true, 0)).isEmpty();
  }

  @Test
  void tokensAreRequiredOnlyWhereAskedFor() {
    assertThat(tokened.check("c", "GET", "localhost", Optional.empty(), Optional.empty(), false, 0)).isEmpty();
    assertThat(tokened.check("c", "GET", "localhost", Optional.empty(), Optional.empty(), true, 0))
        .hasValueSatisfying(e -> assertThat(e.status()).isEqualTo(401));
    assertThat(tokened.check("c", "GET", "localhost", Optional.empty(), Optional.of("bearer s3cret"), true, 0)).isEmpty();
    assertThat(tokened.check("c", "GET", "localhost", Optional.empty(), Optional.of("Basic s3cret"), true, 0)).isPresent();
  }

  @Test
  void fiveWrongTokensBanTheClientForAnHourEvenWithTheRightOne() {
    long now = 1_000;
    for (int i = 1; i < ApiGuard.MAX_FAILURES; i++) {
      assertThat(tokened.check("10.0.0.9", "GET", "localhost", Optional.empty(), Optional.of("Bearer guess" + i), true, now))
          .hasValueSatisfying(e -> assertThat(e.status()).isEqualTo(401));
    }
    assertThat(tokened.check("10.0.0.9", "GET", "localhost", Optional.empty(), Optional.of("Bearer guess"), true, now))
        .hasValueSatisfying(e -> assertThat(e.message()).contains("now banned"));
    assertThat(tokened.check("10.0.0.9", "GET", "localhost", Optional.empty(), Optional.of("Bearer s3cret"), true, now + 1))
        .hasValueSatisfying(e -> assertThat(e.code()).isEqualTo("banned"));
    assertThat(tokened.check("10.0.0.8", "GET", "localhost", Optional.empty(), Optional.of("Bearer s3cret"), true, now + 1))
        .isEmpty();
    long later = now + ApiGuard.BAN.toNanos() + 1;
    assertThat(tokened.check("10.0.0.9", "GET", "localhost", Optional.empty(), Optional.of("Bearer s3cret"), true, later))
        .isEmpty();
  }

  @Test
  void withoutATokenTheApiMayOnlyBindToLoopback() {
    assertThatThrownBy(() -> new ApiSettings("0.0.0.0", 0, List.of(), Set.of()).validate())
        .hasMessageContaining("may only bind to loopback");
    new ApiSettings("127.0.0.1", 0, List.of(), Set.of()).validate();
    new ApiSettings("0.0.0.0", 0, List.of("t"), Set.of()).validate();
  }
}
