package dev.agentops.ratchet;

import java.util.List;
import java.util.Objects;

/**
 * What a comparison of measurements with a {@link Baseline} found.
 *
 * @param baseline the baseline's name
 * @param metrics each metric's comparison, in the baseline's order
 * @param untracked names of measurements the baseline has no metric for, sorted; they do not fail
 *     the check (add them with a re-baseline)
 * @param next the bar after the check: raised where metrics improved if the check passed, the same
 *     baseline otherwise
 * @since 0.1.0
 */
public record BaselineCheck(
    String baseline, List<MetricCheck> metrics, List<String> untracked, Baseline next) {

  /**
   * Checks and copies the components.
   *
   * @param baseline the name
   * @param metrics the comparisons
   * @param untracked the untracked names
   * @param next the next bar
   */
  public BaselineCheck {
    Objects.requireNonNull(baseline, "baseline");
    Objects.requireNonNull(next, "next");
    metrics = List.copyOf(metrics);
    untracked = List.copyOf(untracked);
  }

  /**
   * Tells whether every metric passed: none regressed past tolerance, none was missing.
   *
   * @return {@code true} if the check passed
   */
  public boolean passed() {
    return metrics.stream().allMatch(MetricCheck::passed);
  }

  /**
   * Returns the metrics that failed: regressed past tolerance, or missing.
   *
   * @return the failures, in the baseline's order
   */
  public List<MetricCheck> failures() {
    return metrics.stream().filter(m -> !m.passed()).toList();
  }

  /**
   * Returns the metrics that improved; if the check passed, the bar rose for each.
   *
   * @return the improvements, in the baseline's order
   */
  public List<MetricCheck> improvements() {
    return metrics.stream().filter(m -> m.status() == MetricCheck.Status.IMPROVED).toList();
  }
}
