package io.seedfleet.engine.tracker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Tiers (BEP 12), back-off, interval clamping and the redirect rule. */
class TrackerPolicyTest {
  @Test
  void tiersKeepTheirOrderAndShuffleWithinEachTier() {
    List<List<String>> announce = List.of(List.of("a1", "a2", "a3", "a4"), List.of("b1"), List.of(), List.of("c1", "a1"));
    TrackerTiers tiers = new TrackerTiers(announce, new Random(1));
    List<String> order = tiers.order();
    assertThat(order.subList(0, 4)).containsExactlyInAnyOrder("a1", "a2", "a3", "a4");
    assertThat(order.subList(4, order.size())).containsExactly("b1", "c1"); // a1 listed twice is kept once
    boolean shuffled = false;
    for (int seed = 0; seed < 20 && !shuffled; seed++) {
      shuffled = !new TrackerTiers(announce, new Random(seed)).order().subList(0, 4).equals(List.of("a1", "a2", "a3", "a4"));
    }
    assertThat(shuffled).isTrue();
  }

  @Test
  void aTrackerThatAnswersMovesToTheFrontOfItsTierOnly() {
    TrackerTiers tiers = new TrackerTiers(List.of(List.of("a1", "a2", "a3"), List.of("b1", "b2")), new Random(3));
    String last = tiers.order().get(2);
    tiers.succeeded(last);
    assertThat(tiers.order().get(0)).isEqualTo(last);
    String secondTier = tiers.order().get(4);
    tiers.succeeded(secondTier);
    assertThat(tiers.order().get(0)).isEqualTo(last);
    assertThat(tiers.order().get(3)).isEqualTo(secondTier);
  }

  @Test
  void disabledTrackersDropOutOfTheOrder() {
    TrackerTiers tiers = new TrackerTiers(List.of(List.of("a"), List.of("b")), new Random());
    tiers.disable("a");
    assertThat(tiers.order()).containsExactly("b");
    assertThat(tiers.all()).containsExactly("a", "b");
    assertThat(tiers.isDisabled("a")).isTrue();
  }

  @Test
  void backoffDoublesWithinJitterAndIsCapped() {
    Backoff backoff = new Backoff(Duration.ofSeconds(15), Duration.ofMinutes(30), new Random(7));
    assertThat(backoff.delay(0)).isZero();
    for (int i = 0; i < 50; i++) {
      assertThat(backoff.delay(1).toMillis()).isBetween(11_250L, 18_750L);
      assertThat(backoff.delay(3).toMillis()).isBetween(45_000L, 75_000L);
      assertThat(backoff.delay(40).toMillis()).isBetween(1_350_000L, 2_250_000L);
    }
  }

  @Test
  void intervalIsClampedButHonouredWithinRange() {
    TrackerConfig config = TrackerConfig.defaults();
    assertThat(config.clampInterval(Duration.ofSeconds(5), null)).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.clampInterval(Duration.ofSeconds(900), null)).isEqualTo(Duration.ofSeconds(900));
    assertThat(config.clampInterval(Duration.ofSeconds(900), Duration.ofSeconds(1200))).isEqualTo(Duration.ofSeconds(1200));
    assertThat(config.clampInterval(Duration.ofDays(2), null)).isEqualTo(Duration.ofHours(3));
    assertThat(config.withMinInterval(Duration.ofSeconds(1)).clampInterval(Duration.ofSeconds(2), null))
        .isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void redirectsFromPublicToLocalAddressesAreRefused() throws Exception {
    InetAddress publicHost = InetAddress.getByName("93.184.216.34");
    for (String local : List.of("127.0.0.1", "10.1.2.3", "192.168.0.1", "169.254.169.254", "::1", "fd00::1", "0.0.0.0")) {
      assertThat(RedirectPolicy.allowed(publicHost, InetAddress.getByName(local))).as(local).isFalse();
    }
    assertThat(RedirectPolicy.allowed(publicHost, InetAddress.getByName("1.1.1.1"))).isTrue();
    assertThat(RedirectPolicy.allowed(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("127.0.0.1"))).isTrue();
    assertThat(RedirectPolicy.allowedScheme(URI.create("file:///etc/passwd"))).isFalse();
    assertThat(RedirectPolicy.allowedScheme(URI.create("HTTPS://t/announce"))).isTrue();
  }
}
