package dev.agentops.ratchet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class BaselineTest {

  static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");
  static final Instant T1 = Instant.parse("2026-11-02T10:00:00Z");

  static final Metric COVERAGE = Metric.higherIsBetter("coverage", Tolerance.absolute(0.5));
  static final Metric LATENCY = Metric.lowerIsBetter("p95-ms", Tolerance.relative(0.10));

  final Baseline bar =
      Baseline.builder("main").metric(COVERAGE, 80.0).metric(LATENCY, 200.0).build(T0);

  @Nested
  class Checking {

    @Test
    void measurementsAtTheEdgeOfTheTolerance_pass_andLeaveTheBarAlone() {
      BaselineCheck check = bar.check(Map.of("coverage", 79.5, "p95-ms", 220.0), T1);

      assertThat(check.passed()).isTrue();
      assertThat(check.metrics())
          .extracting(MetricCheck::status)
          .containsExactly(
              MetricCheck.Status.WITHIN_TOLERANCE, MetricCheck.Status.WITHIN_TOLERANCE);
      assertThat(check.next()).isSameAs(bar);
    }

    @Test
    void aShortfallPastAbsoluteTolerance_fails() {
      BaselineCheck check = bar.check(Map.of("coverage", 79.4, "p95-ms", 200.0), T1);

      assertThat(check.passed()).isFalse();
      assertThat(check.failures())
          .containsExactly(new MetricCheck(COVERAGE, 80.0, 79.4, MetricCheck.Status.REGRESSED));
      assertThat(check.next()).isSameAs(bar);
    }

    @Test
    void aShortfallPastRelativeTolerance_fails_inTheLowerIsBetterDirection() {
      BaselineCheck check = bar.check(Map.of("coverage", 80.0, "p95-ms", 220.5), T1);

      assertThat(check.failures())
          .containsExactly(new MetricCheck(LATENCY, 200.0, 220.5, MetricCheck.Status.REGRESSED));
    }

    @Test
    void improvementsRaiseTheBar_withTheTimeTheyWereReached() {
      BaselineCheck check = bar.check(Map.of("coverage", 83.0, "p95-ms", 200.0), T1);

      assertThat(check.passed()).isTrue();
      assertThat(check.improvements())
          .containsExactly(new MetricCheck(COVERAGE, 80.0, 83.0, MetricCheck.Status.IMPROVED));
      assertThat(check.next().values()).isEqualTo(Map.of("coverage", 83.0, "p95-ms", 200.0));
      assertThat(check.next().level("coverage").orElseThrow().since()).isEqualTo(T1);
      assertThat(check.next().level("p95-ms").orElseThrow().since()).isEqualTo(T0);
      assertThat(check.next().updatedAt()).isEqualTo(T1);
      assertThat(check.metrics().get(1).status()).isEqualTo(MetricCheck.Status.UNCHANGED);
    }

    @Test
    void aFailingCheck_raisesNothing_evenWhereAMetricImproved() {
      BaselineCheck check = bar.check(Map.of("coverage", 90.0, "p95-ms", 300.0), T1);

      assertThat(check.passed()).isFalse();
      assertThat(check.improvements()).hasSize(1);
      assertThat(check.next()).isSameAs(bar);
    }

    @Test
    void aMissingMeasurement_fails_andAnUnknownOneIsReportedAsUntracked() {
      BaselineCheck check = bar.check(Map.of("coverage", 81.0, "flakes", 2.0), T1);

      assertThat(check.passed()).isFalse();
      assertThat(check.failures())
          .containsExactly(new MetricCheck(LATENCY, 200.0, null, MetricCheck.Status.MISSING));
      assertThat(check.untracked()).containsExactly("flakes");
    }

    @Test
    void aMeasurementThatIsNotANumber_isRefused() {
      assertThatThrownBy(() -> bar.check(Map.of("coverage", Double.NaN, "p95-ms", 1.0), T1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("the measurement of metric 'coverage' must be finite, but was NaN");
    }
  }

  @Nested
  class Defining {

    @Test
    void metricsAreNamedOnceEach() {
      assertThatThrownBy(() ->
              Baseline.builder("main")
                  .metric(COVERAGE, 1)
                  .metric(Metric.lowerIsBetter("coverage", Tolerance.none()), 2)
                  .build(T0))
          .hasMessage("baseline 'main' defines metric 'coverage' twice");
    }

    @Test
    void aBaselineNeedsAMetric_andAValidName() {
      assertThatThrownBy(() -> Baseline.builder("main").build(T0))
          .hasMessage("baseline 'main' needs at least one metric");
      assertThatThrownBy(() -> Baseline.builder("../x"))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tolerancesAndNamesAreChecked() {
      assertThatThrownBy(() -> Tolerance.absolute(-1))
          .hasMessage("a tolerance must be a finite amount >= 0, but was -1.0");
      assertThatThrownBy(() -> Metric.higherIsBetter("1st", Tolerance.none()))
          .hasMessageContaining("a metric's name must be");
      assertThatThrownBy(
              () -> Baseline.builder("main").metric(COVERAGE, Double.POSITIVE_INFINITY).build(T0))
          .hasMessage("the value of metric 'coverage' must be finite, but was Infinity");
      assertThat(Tolerance.relative(0.1).allowance(-200)).isEqualTo(20.0);
    }

    @Test
    void withValues_setsSomeValues_andRefusesUnknownMetrics() {
      Baseline lower = bar.withValues(Map.of("p95-ms", 260.0), T1);

      assertThat(lower.values()).isEqualTo(Map.of("coverage", 80.0, "p95-ms", 260.0));
      assertThat(lower.levels())
          .extracting(Baseline.Level::metric)
          .containsExactly(COVERAGE, LATENCY);
      assertThatThrownBy(() -> bar.withValues(Map.of("flakes", 1.0), T1))
          .hasMessageContaining("has no metric 'flakes'");
    }

    @Test
    void levelsAreCopied() {
      List<Baseline.Level> levels = new java.util.ArrayList<>(bar.levels());
      Baseline copy = new Baseline("copy", levels, T0);
      levels.clear();

      assertThat(copy.levels()).hasSize(2);
    }
  }
}
