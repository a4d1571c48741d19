package dev.agentops.ratchet;

import dev.agentops.store.RecordKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The metric ratchet's bar (Factor VI): named metrics, each with a direction, a tolerance and the
 * best value reached so far.
 *
 * <p>{@link #check(Map, Instant)} compares measurements with the bar: a metric that falls short by
 * more than its tolerance, or is not measured, fails the check; a metric that is better raises the
 * bar, but only when the whole check passes. A check never lowers the bar; only an explicit,
 * recorded re-baseline does ({@link Baselines#rebaseline}).
 *
 * <p>Immutable. {@link Baselines} keeps baselines in a store.
 *
 * <pre>{@code
 * Baseline bar = Baseline.builder("main")
 *     .metric(Metric.higherIsBetter("coverage", Tolerance.absolute(0.5)), 81.2)
 *     .metric(Metric.lowerIsBetter("p95-ms", Tolerance.relative(0.10)), 240)
 *     .build(clock.instant());
 * BaselineCheck check = bar.check(Map.of("coverage", 81.0, "p95-ms", 230.0), clock.instant());
 * check.passed();   // true: coverage within 0.5, latency better
 * check.next();     // p95-ms is now 230
 * }</pre>
 *
 * @param name the baseline's name, a valid record id, such as {@code main} or {@code nightly}
 * @param levels the metrics and their values, in the order they were defined; names unique
 * @param updatedAt when the baseline last changed
 * @since 0.1.0
 */
public record Baseline(String name, List<Baseline.Level> levels, Instant updatedAt) {

  /**
   * One metric's bar.
   *
   * @param metric the metric
   * @param value the best value reached, or the value set by a re-baseline
   * @param since when the value was reached or set
   * @since 0.1.0
   */
  public record Level(Metric metric, double value, Instant since) {

    /**
     * Checks the components.
     *
     * @param metric the metric
     * @param value the value
     * @param since when it was set
     * @throws IllegalArgumentException if the value is not finite
     */
    public Level {
      Objects.requireNonNull(metric, "metric");
      Objects.requireNonNull(since, "since");
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException(
            "the value of metric '" + metric.name() + "' must be finite, but was " + value);
      }
    }
  }

  /**
   * Checks and copies the components.
   *
   * @param name the name
   * @param levels the levels
   * @param updatedAt the time
   * @throws IllegalArgumentException if the name is not a valid record id, there are no metrics, or
   *     a metric's name is used twice
   */
  public Baseline {
    RecordKey.checkId(Objects.requireNonNull(name, "name"));
    Objects.requireNonNull(updatedAt, "updatedAt");
    levels = List.copyOf(levels);
    if (levels.isEmpty()) {
      throw new IllegalArgumentException("baseline '" + name + "' needs at least one metric");
    }
    Set<String> names = new HashSet<>();
    for (Level l : levels) {
      if (!names.add(l.metric().name())) {
        throw new IllegalArgumentException(
            "baseline '" + name + "' defines metric '" + l.metric().name() + "' twice");
      }
    }
  }

  /**
   * Starts a baseline.
   *
   * @param name its name, a valid record id
   * @return a builder
   */
  public static Builder builder(String name) {
    return new Builder(RecordKey.checkId(Objects.requireNonNull(name, "name")));
  }

  /**
   * Returns a metric's bar.
   *
   * @param metric the metric's name
   * @return its level, if the baseline has the metric
   */
  public Optional<Level> level(String metric) {
    Objects.requireNonNull(metric, "metric");
    for (Level l : levels) {
      if (l.metric().name().equals(metric)) {
        return Optional.of(l);
      }
    }
    return Optional.empty();
  }

  /**
   * Returns the values, by metric name.
   *
   * @return the values, sorted by name
   */
  public Map<String, Double> values() {
    Map<String, Double> out = new TreeMap<>();
    levels.forEach(l -> out.put(l.metric().name(), l.value()));
    return out;
  }

  /**
   * Compares measurements with the bar. Nothing is stored: {@link Baselines#ratchet} stores the
   * raised bar.
   *
   * @param measurements values by metric name; measurements of metrics the baseline does not have
   *     are reported as untracked
   * @param now when the check runs: the time an improved value is reached
   * @return each metric's comparison, and the bar after the check: raised where metrics improved if
   *     every metric passed, unchanged otherwise
   * @throws IllegalArgumentException if a measurement is not finite
   */
  public BaselineCheck check(Map<String, Double> measurements, Instant now) {
    Objects.requireNonNull(measurements, "measurements");
    Objects.requireNonNull(now, "now");
    List<MetricCheck> checks = new ArrayList<>(levels.size());
    List<Level> raised = new ArrayList<>(levels.size());
    boolean improved = false;
    for (Level l : levels) {
      Metric m = l.metric();
      Double measured = measurements.get(m.name());
      MetricCheck.Status status;
      if (measured == null) {
        status = MetricCheck.Status.MISSING;
      } else if (!Double.isFinite(measured)) {
        throw new IllegalArgumentException(
            "the measurement of metric '" + m.name() + "' must be finite, but was " + measured);
      } else if (m.direction().isBetter(measured, l.value())) {
        status = MetricCheck.Status.IMPROVED;
      } else if (measured == l.value()) {
        status = MetricCheck.Status.UNCHANGED;
      } else if (m.regresses(measured, l.value())) {
        status = MetricCheck.Status.REGRESSED;
      } else {
        status = MetricCheck.Status.WITHIN_TOLERANCE;
      }
      checks.add(new MetricCheck(m, l.value(), measured, status));
      if (status == MetricCheck.Status.IMPROVED) {
        raised.add(new Level(m, measured, now));
        improved = true;
      } else {
        raised.add(l);
      }
    }
    List<String> untracked = new ArrayList<>();
    for (String key : new TreeMap<>(measurements).keySet()) {
      if (level(key).isEmpty()) {
        untracked.add(key);
      }
    }
    boolean passed = checks.stream().allMatch(MetricCheck::passed);
    Baseline next = passed && improved ? new Baseline(name, raised, now) : this;
    return new BaselineCheck(name, checks, untracked, next);
  }

  /**
   * Returns this baseline with values replaced; metrics not named keep their values. Only for a
   * re-baseline: use {@link Baselines#rebaseline} to store it with a reason.
   *
   * @param values new values by metric name
   * @param now when they are set
   * @return the new baseline
   * @throws IllegalArgumentException if a name is not a metric of the baseline, or a value is not
   *     finite
   */
  public Baseline withValues(Map<String, Double> values, Instant now) {
    Objects.requireNonNull(values, "values");
    Objects.requireNonNull(now, "now");
    for (String key : values.keySet()) {
      if (level(key).isEmpty()) {
        throw new IllegalArgumentException(
            "baseline '" + name + "' has no metric '" + key + "'; add it with a new definition");
      }
    }
    List<Level> next = new ArrayList<>(levels.size());
    for (Level l : levels) {
      Double v = values.get(l.metric().name());
      next.add(v == null ? l : new Level(l.metric(), v, now));
    }
    return new Baseline(name, next, now);
  }

  /**
   * Builds a {@link Baseline}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {

    private final String name;
    private final Map<Metric, Double> metrics = new LinkedHashMap<>();

    private Builder(String name) {
      this.name = name;
    }

    /**
     * Adds a metric with its starting value.
     *
     * @param metric the metric
     * @param value its value
     * @return this builder
     */
    public Builder metric(Metric metric, double value) {
      metrics.put(Objects.requireNonNull(metric, "metric"), value);
      return this;
    }

    /**
     * Builds the baseline.
     *
     * @param now when its values were set
     * @return the baseline
     * @throws IllegalArgumentException if there are no metrics, a name is used twice, or a value is
     *     not finite
     */
    public Baseline build(Instant now) {
      Objects.requireNonNull(now, "now");
      List<Level> levels = new ArrayList<>();
      metrics.forEach((m, v) -> levels.add(new Level(m, v, now)));
      return new Baseline(name, levels, now);
    }
  }
}
