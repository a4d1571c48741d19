package dev.agentops.ratchet;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How one metric's measurement compared with its baseline.
 *
 * @param metric the metric
 * @param baseline the baseline's value
 * @param measured the measurement, or {@code null} if it was missing
 * @param status what the comparison found
 * @since 0.1.0
 */
public record MetricCheck(
    Metric metric, double baseline, @Nullable Double measured, Status status) {

  /**
   * What a comparison found.
   *
   * @since 0.1.0
   */
  public enum Status {
    /** Better than the baseline: the baseline rises to it. */
    IMPROVED,
    /** Exactly the baseline. */
    UNCHANGED,
    /** Worse than the baseline, but within tolerance: passes; the baseline stays. */
    WITHIN_TOLERANCE,
    /** Worse than the baseline by more than the tolerance: fails. */
    REGRESSED,
    /** Not measured: fails, so that nothing unmeasured slips past the ratchet. */
    MISSING;

    /**
     * Tells whether this status passes.
     *
     * @return {@code false} for {@link #REGRESSED} and {@link #MISSING}
     */
    public boolean passes() {
      return this != REGRESSED && this != MISSING;
    }
  }

  /**
   * Checks the components.
   *
   * @param metric the metric
   * @param baseline the baseline
   * @param measured the measurement
   * @param status the status
   */
  public MetricCheck {
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(status, "status");
    if ((measured == null) != (status == Status.MISSING)) {
      throw new IllegalArgumentException(
          "a check of '" + metric.name() + "' is MISSING exactly when nothing was measured");
    }
  }

  /**
   * Tells whether this metric passed.
   *
   * @return whether the status passes
   */
  public boolean passed() {
    return status.passes();
  }
}
