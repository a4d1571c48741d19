package dev.agentops.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DecayPolicyTest {

  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  final DecayPolicy decay = DecayPolicy.defaults();

  static Learning created(Instant at) {
    return Learning.builder(
            "l-1", LearningKind.LEARNING, "Title", "Use a toolchain to pin the JDK.", at)
        .build();
  }

  @Test
  void freshness_isTheReferenceCurve() {
    assertThat(decay.freshnessAt(Duration.ZERO)).isEqualTo(1.0);
    assertThat(decay.freshnessAt(Duration.ofDays(7))).isCloseTo(Math.exp(-0.17), within(1e-12));
    assertThat(decay.freshnessAt(Duration.ofDays(28))).isCloseTo(Math.exp(-0.68), within(1e-12));
    assertThat(decay.freshnessAt(Duration.ofDays(7 * 13))).isCloseTo(0.1097, within(1e-4));
    assertThat(decay.freshnessAt(Duration.ofDays(7 * 14))).isEqualTo(0.1);
    assertThat(decay.freshnessAt(Duration.ofDays(3650))).isEqualTo(0.1);
    assertThat(decay.freshnessAt(Duration.ofDays(-3))).isEqualTo(1.0);
  }

  @Test
  void aCitation_refreshesFreshness() {
    Learning old = created(T0);
    Instant now = T0.plus(Duration.ofDays(60));
    assertThat(decay.freshness(old, now)).isLessThan(0.25);

    Learning cited = old.toBuilder().lastCited(now.minus(Duration.ofDays(1))).build();

    assertThat(decay.freshness(cited, now)).isGreaterThan(0.97);
  }

  static Stream<Long> seeds() {
    return LongStream.range(0, 20).map(i -> 0x5EED_0000L + i).boxed();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void freshness_neverRisesWithAge_andStaysWithinItsBounds(long seed) {
    Random random = new Random(seed);
    long previousSeconds = -1;
    double previous = 2;
    long[] ages = random.longs(200, 0, Duration.ofDays(400).toSeconds()).sorted().toArray();
    for (long seconds : ages) {
      double f = decay.freshnessAt(Duration.ofSeconds(seconds));
      assertThat(f).as("seed %d, age %ds", seed, seconds).isBetween(0.1, 1.0);
      if (seconds > previousSeconds) {
        assertThat(f).as("seed %d, age %ds", seed, seconds).isLessThanOrEqualTo(previous);
      }
      previous = f;
      previousSeconds = seconds;
    }
  }

  @Test
  void staleness_reviewsAfter90DaysUncited_andExpiresAfter180() {
    Learning l = created(T0);

    assertThat(decay.staleness(l, T0.plus(Duration.ofDays(90)))).isEqualTo(Staleness.FRESH);
    assertThat(decay.staleness(l, T0.plus(Duration.ofDays(91)))).isEqualTo(Staleness.REVIEW);
    assertThat(decay.staleness(l, T0.plus(Duration.ofDays(180)))).isEqualTo(Staleness.REVIEW);
    assertThat(decay.staleness(l, T0.plus(Duration.ofDays(181)))).isEqualTo(Staleness.EXPIRED);

    Learning cited = l.toBuilder().lastCited(T0.plus(Duration.ofDays(150))).build();
    assertThat(decay.staleness(cited, T0.plus(Duration.ofDays(181)))).isEqualTo(Staleness.FRESH);
  }

  @Test
  void aTimeToLive_expiresWhateverTheCitations() {
    Learning l =
        created(T0).toBuilder()
            .timeToLive(Duration.ofDays(10))
            .lastCited(T0.plus(Duration.ofDays(9)))
            .build();

    assertThat(decay.staleness(l, T0.plus(Duration.ofDays(9)))).isEqualTo(Staleness.FRESH);
    assertThat(decay.staleness(l, T0.plus(Duration.ofDays(10)))).isEqualTo(Staleness.EXPIRED);
  }

  @Test
  void aPendingLearning_timesOutAfter30Days() {
    Learning pending = created(T0).toBuilder().status(LearningStatus.PENDING).build();

    assertThat(decay.pendingTimedOut(pending, T0.plus(Duration.ofDays(30)))).isFalse();
    assertThat(decay.pendingTimedOut(pending, T0.plus(Duration.ofDays(31)))).isTrue();
    assertThat(decay.pendingTimedOut(created(T0), T0.plus(Duration.ofDays(31)))).isFalse();
  }

  @Test
  void builder_refusesInconsistentSettings() {
    assertThatThrownBy(
            () -> DecayPolicy.builder().ages(Duration.ofDays(10), Duration.ofDays(5)).build())
        .hasMessageContaining("reviewAfter <= retireAfter");
    assertThatThrownBy(() -> DecayPolicy.builder().floor(1.5).build())
        .hasMessage("floor must be from 0 to 1, but was 1.5");
    assertThat(DecayPolicy.defaults().toBuilder().build().toString())
        .isEqualTo(
            "DecayPolicy[rate 0.17/week, floor 0.1, review after 90d, retire after 180d,"
                + " pending timeout 30d]");
  }
}
