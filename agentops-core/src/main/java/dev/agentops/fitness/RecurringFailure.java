package dev.agentops.fitness;

import java.util.Objects;

/**
 * A goal that has not been met for as many cycles in a row as the monitor's threshold (Factor IX:
 * recurring failures trigger pattern extraction, not just retries).
 *
 * @param goalId the goal
 * @param description what the goal means
 * @param cycles for how many cycles in a row it has not been met
 * @param lastSummary what its check said last
 * @param reportId the report of the cycle that reached the threshold
 * @since 0.1.0
 */
public record RecurringFailure(
    String goalId, String description, int cycles, String lastSummary, String reportId) {

  /**
   * Checks the components.
   *
   * @param goalId the goal
   * @param description its description
   * @param cycles the streak
   * @param lastSummary the last summary
   * @param reportId the report
   * @throws IllegalArgumentException if cycles is below 1
   */
  public RecurringFailure {
    Objects.requireNonNull(goalId, "goalId");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(lastSummary, "lastSummary");
    Objects.requireNonNull(reportId, "reportId");
    if (cycles < 1) {
      throw new IllegalArgumentException(
          "cycles of the recurring failure of goal '"
              + goalId
              + "' must be >= 1, but was "
              + cycles);
    }
  }
}
